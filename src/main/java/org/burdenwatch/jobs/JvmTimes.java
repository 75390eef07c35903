package org.burdenwatch.jobs;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the job's JVM spent besides the records: its CPU in all, its JIT compilers' time and its
 * collector's, from the platform's management beans. A run reports the difference over its course
 * (the driver's JVM; in local mode the executors' work too): at 2M task rows on two cores the
 * compilers took about 40% of the CPU (docs/performance.md), a cost the stage times alone do not show.
 * A figure the JVM does not give is NaN and left out of the summary.
 */
record JvmTimes(double cpu, double jit, double gc) {

    static JvmTimes now() {
        double cpu = Double.NaN;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean process && process.getProcessCpuTime() >= 0) {
            cpu = process.getProcessCpuTime() / 1e9;
        }
        double jit = Double.NaN;
        CompilationMXBean compilers = ManagementFactory.getCompilationMXBean();
        if (compilers != null && compilers.isCompilationTimeMonitoringSupported()) {
            jit = compilers.getTotalCompilationTime() / 1e3;
        }
        double gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            long ms = collector.getCollectionTime();
            gc = ms < 0 || Double.isNaN(gc) ? Double.NaN : gc + ms / 1e3;
        }
        return new JvmTimes(cpu, jit, gc);
    }

    /** The seconds spent since {@code start}. */
    JvmTimes since(JvmTimes start) {
        return new JvmTimes(cpu - start.cpu, jit - start.jit, gc - start.gc);
    }

    /** cpu, jit and gc in seconds to a tenth, those the JVM gives. */
    Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        put(out, "cpu", cpu);
        put(out, "jit", jit);
        put(out, "gc", gc);
        return out;
    }

    private static void put(Map<String, Double> out, String key, double seconds) {
        if (!Double.isNaN(seconds)) {
            out.put(key, Math.round(seconds * 10) / 10.0);
        }
    }
}
