package org.burdenwatch.bench;

import org.apache.spark.sql.catalyst.util.CollationAwareUTF8String;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What the first lower-casing of a non-ASCII value costs a JVM, with the JVM's case mappings and
 * with ICU's (Spark's {@code spark.sql.icu.caseMappings.enabled}, on by default): ICU's first call
 * builds a title-case table over every code point. A run sets the JVM's (BurdenIndicatorsJob).
 * <pre>bash -c 'source jobs/lib.sh &amp;&amp; tool org.burdenwatch.bench.CaseMappingCost'</pre>
 * (with {@code JAVA_OPTS=-XX:TieredStopAtLevel=1} for a short run's JIT).
 */
public final class CaseMappingCost {
    private CaseMappingCost() {
    }

    public static void main(String[] args) {
        long t = System.nanoTime();
        UTF8String jvm = UTF8String.fromString("县级Ab").toLowerCase();
        double jvmSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        UTF8String icu = CollationAwareUTF8String.toLowerCase(UTF8String.fromString("县级Ab"));
        double icuSeconds = (System.nanoTime() - t) / 1e9;
        if (!jvm.equals(icu)) {
            throw new IllegalStateException("the mappings differ: " + jvm + " / " + icu);
        }
        System.out.printf(java.util.Locale.ROOT, "first lower-case of a non-ASCII value: JVM's %.3f s, ICU's %.2f s%n",
                jvmSeconds, icuSeconds);
    }
}
