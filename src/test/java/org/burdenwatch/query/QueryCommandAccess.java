package org.burdenwatch.query;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/** The query command as jobs/query.sh runs it, for tests outside its package. */
public final class QueryCommandAccess {
    private QueryCommandAccess() {
    }

    /** Runs one query over an output folder, printing to {@code out}; returns the exit code. */
    public static int run(SparkSession spark, String output, String sql, PrintStream out) {
        return QueryCommand.run(spark, new QueryCommand.Options(output, sql, null, null, 200), out, out);
    }
}
