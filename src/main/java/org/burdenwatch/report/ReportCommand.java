package org.burdenwatch.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.engine.CommandLines;
import org.burdenwatch.engine.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.records.Period;

/**
 * {@code jobs/report.sh [--output DIR] [--period 2024-H1] [--prefecture CODE]}: writes
 * {@code DIR/report-<period>.html}, one self-contained page for a leader: the prefecture at a
 * glance, a chart per indicator, data quality, the year's projections, the targets missed, the
 * audit findings and what was quarantined. An output holding several prefectures gets an overview
 * page there (one row per prefecture, worst first) linking to each prefecture's page,
 * {@code report-<period>-<code>.html}; {@code --prefecture CODE} writes only that prefecture's page.
 */
public final class ReportCommand {
    private ReportCommand() {
    }

    /** The report's command line, as {@code --help} shows it. */
    @Command(name = "jobs/report.sh", sortOptions = false, sortSynopsis = false,
            description = "Writes a self-contained HTML report for a period into the output folder.")
    static final class Line {
        @Mixin
        CommandLines.OutputFolder folder;
        @Option(names = "--period", paramLabel = "2024-H1",
                description = "the period (default: the latest complete half-year with last year's figures)")
        String period;
        @Option(names = "--prefecture", paramLabel = "CODE", description = "write only this prefecture's page")
        String prefecture;
        @Mixin
        CommandLines.Help help;

        /** The command line read and checked; IllegalArgumentException with one line when it is wrong. */
        static Line parse(String[] args) {
            Line line = CommandLines.parse(new Line(), args, System.out);
            if (line.period != null) {
                Period.parse(line.period); // a clear line now, not a stack trace later
            }
            if (line.prefecture != null && !line.prefecture.matches("[0-9]{6}")) {
                throw new IllegalArgumentException("--prefecture takes a 6-digit division code, not \""
                        + line.prefecture + "\"");
            }
            return line;
        }
    }

    public static void main(String[] args) {
        CommandLines.ForMain<Line> read = CommandLines.forMain(() -> Line.parse(args),
                CommandLines.synopsis(new Line()), System.err);
        if (read.options() == null) {
            System.exit(read.exit());
            return;
        }
        Line line = read.options();
        String output = line.folder.output;
        String period = line.period;
        String prefecture = line.prefecture;
        SparkSession spark = SparkSessions.builder("burden-indicators-report").getOrCreate();
        int exit = 0;
        try {
            ReportData data = ReportData.load(spark, output, period);
            if (!data.hasData()) {
                System.out.println("note: no data for " + (data.period() == null ? "any period" : data.period().label())
                        + "; periods with data: " + String.join(", ", data.periodsAvailable()));
            }
            for (String written : writeAll(spark, output, data, prefecture)) {
                System.out.println("wrote " + written);
            }
        } catch (UnknownPrefecture e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
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

    /** --prefecture names no prefecture of the output. */
    static final class UnknownPrefecture extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownPrefecture(String message) {
            super(message);
        }
    }

    /**
     * Writes the pages: one prefecture's (asked, or the only one), or the overview and every
     * prefecture's page. Returns what it wrote, overview first.
     */
    public static List<String> writeAll(SparkSession spark, String output, ReportData data, String prefecture)
            throws IOException {
        String label = data.period() == null ? "none" : data.period().label();
        List<String> written = new ArrayList<>();
        if (prefecture != null) {
            if (!data.prefectureCodes().contains(prefecture)) {
                throw new UnknownPrefecture("no prefecture " + prefecture + " in " + output + " for " + label
                        + " (prefectures: " + String.join(", ", data.prefectureCodes()) + ")");
            }
            written.add(write(spark, output, pageName(label, prefecture), ReportPage.render(
                    data.forPrefecture(prefecture), generated())));
        } else if (data.prefectureCodes().size() > 1) {
            written.add(write(spark, output, "report-" + label + ".html",
                    ReportPage.renderOverview(data, generated(), code -> pageName(label, code))));
            for (String code : data.prefectureCodes()) {
                written.add(write(spark, output, pageName(label, code),
                        ReportPage.render(data.forPrefecture(code), generated())));
            }
        } else {
            written.add(write(spark, output, data));
        }
        return written;
    }

    static String pageName(String periodLabel, String prefecture) {
        return "report-" + periodLabel + "-" + prefecture + ".html";
    }

    private static String generated() {
        return ZonedDateTime.now(ZoneId.of("Asia/Shanghai"))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " (Asia/Shanghai)";
    }

    /** Writes the page beside the tables, through a temporary file, replacing an earlier report of the period. */
    public static String write(SparkSession spark, String output, ReportData data) throws IOException {
        return write(spark, output, "report-" + (data.period() == null ? "none" : data.period().label()) + ".html",
                ReportPage.render(data, generated()));
    }

    private static String write(SparkSession spark, String output, String name, String html) throws IOException {
        Path root = new Path(output);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
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
