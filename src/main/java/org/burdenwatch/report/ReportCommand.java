package org.burdenwatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.records.Period;

/**
 * {@code jobs/report.sh [--output DIR] [--period 2024-H1]}: writes {@code DIR/report-<period>.html},
 * one self-contained page for a leader: the prefecture at a glance, a chart per indicator, the
 * targets missed, the audit findings and what was quarantined.
 */
public final class ReportCommand {
    private ReportCommand() {
    }

    static final String USAGE = "usage: jobs/report.sh [--output DIR] [--period 2024-H1]";

    public static void main(String[] args) {
        String output = "out";
        String period = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--output" -> output = value(args, ++i, "--output");
                    case "--period" -> {
                        period = value(args, ++i, "--period");
                        Period.parse(period); // a clear line now, not a stack trace later
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("burden-indicators-report").getOrCreate();
        int exit = 0;
        try {
            ReportData data = ReportData.load(spark, output, period);
            String written = write(spark, output, data);
            if (!data.hasData()) {
                System.out.println("note: no data for " + (data.period() == null ? "any period" : data.period().label())
                        + "; periods with data: " + String.join(", ", data.periodsAvailable()));
            }
            System.out.println("wrote " + written);
        } catch (OutputCatalog.NoOutputs e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        } catch (IOException | RuntimeException e) {
            System.err.println("error: the report failed: " + e.getMessage());
            exit = 1;
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Writes the page beside the tables, through a temporary file, replacing an earlier report of the period. */
    public static String write(SparkSession spark, String output, ReportData data) throws IOException {
        String generated = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " (Asia/Shanghai)";
        String html = ReportPage.render(data, generated);
        Path root = new Path(output);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        String name = "report-" + (data.period() == null ? "none" : data.period().label()) + ".html";
        Path target = new Path(root, name);
        Path tmp = new Path(root, "." + name + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(html.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(target)) {
            fs.delete(target, false); // a report this command wrote earlier for the same period
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
        return fs.makeQualified(target).toString();
    }
}
