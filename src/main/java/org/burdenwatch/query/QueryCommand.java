package org.burdenwatch.query;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.burdenwatch.engine.CommandLines;
import org.burdenwatch.engine.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.output.PathsWithin;
import scala.collection.Iterable;

/**
 * {@code jobs/query.sh}: Spark SQL over an output folder, every table under its stable name
 * (county_indicators, township_indicators, targets, audit_reported_figures, clean_&lt;type&gt;,
 * quarantine_&lt;type&gt;, duplicates_&lt;type&gt;, runs). Prints an aligned table, or writes
 * {@code --csv FILE} (UTF-8 with a byte-order mark, for Excel and WPS) or {@code --parquet DIR}.
 * Never overwrites: an existing export target is refused.
 */
public final class QueryCommand {
    private QueryCommand() {
    }

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The parsed command line. */
    record Options(String output, String sql, String csv, String parquet, int limit, boolean timings) {
        Options(String output, String sql, String csv, String parquet, int limit) {
            this(output, sql, csv, parquet, limit, false);
        }

        /** Reads the command line (picocli, {@link Line}); IllegalArgumentException when it is wrong. */
        static Options parse(String[] args) throws IOException {
            return CommandLines.parseWithText(new Line(), args, System.out).options();
        }
    }

    /** The query's command line, as {@code --help} shows it. */
    @Command(name = "jobs/query.sh", sortOptions = false, sortSynopsis = false,
            description = "Spark SQL over an output folder, every table under its stable name; read only.")
    static final class Line {
        @Mixin
        CommandLines.OutputFolder folder;
        @Option(names = "--csv", paramLabel = "FILE",
                description = "write the rows as CSV (UTF-8 with a byte-order mark); never overwrites")
        String csv;
        @Option(names = "--parquet", paramLabel = "DIR", description = "write the rows as Parquet; never overwrites")
        String parquet;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "200",
                description = "print at most N rows (default: ${DEFAULT-VALUE})")
        int limit;
        @Option(names = "--timings", description = "say where the seconds went")
        boolean timings;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "read the query from a file (FILE.sql)")
        Path file;
        @Parameters(arity = "0..*", paramLabel = "SQL", description = "the query (quote it)")
        List<String> sql = new ArrayList<>();
        @Mixin
        CommandLines.Help help;

        Options options() throws IOException {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit needs a whole number of rows ≥ 1, not " + limit);
            }
            for (String text : sql) {
                if (text.startsWith("-") && text.length() > 1 && !text.contains(" ") && !text.contains("\n")) {
                    throw new IllegalArgumentException("unknown option " + text);
                }
            }
            String query = null;
            if (sql.size() > 1 || (file != null && !sql.isEmpty())) {
                throw new IllegalArgumentException("give one query (quote it), or -f FILE");
            }
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException("no SQL file at " + file);
                }
                query = Files.readString(file, StandardCharsets.UTF_8);
            } else if (!sql.isEmpty()) {
                query = sql.get(0);
            }
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("no query given");
            }
            if (csv != null && parquet != null) {
                throw new IllegalArgumentException("--csv and --parquet: choose one");
            }
            return new Options(folder.output, stripTrailingSemicolon(query), csv, parquet, limit, timings);
        }
    }

    static String stripTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    public static void main(String[] args) {
        CommandLines.ForMain<Options> line = CommandLines.forMain(() -> Options.parse(args),
                CommandLines.synopsis(new Line()), System.err);
        if (line.options() == null) {
            System.exit(line.exit());
            return;
        }
        Options options = line.options();
        Timings timings = new Timings(ManagementFactory.getRuntimeMXBean().getStartTime());
        timings.mark("JVM start");
        SparkSession spark = SparkSessions.builder("burden-indicators-query").getOrCreate();
        timings.mark("Spark session");
        int exit;
        try {
            exit = run(spark, options, System.out, System.err, timings);
        } finally {
            spark.stop();
        }
        timings.mark("stop");
        if (options.timings()) {
            System.err.println(timings);
        }
        System.exit(exit);
    }

    /** How many times a query is read again when a publish moved the tables while it ran. */
    static final int ATTEMPTS = 5;

    /**
     * Runs one query; returns the exit code (0 done, 1 the query failed, 2 nothing to query, a
     * statement that is not a read-only query, or a bad export target). Never writes anything but
     * the export asked for: the output folder is only read.
     */
    static int run(SparkSession spark, Options options, PrintStream out, PrintStream err) {
        Timings timings = new Timings(System.currentTimeMillis());
        int exit = run(spark, options, out, err, timings);
        if (options.timings()) {
            err.println(timings);
        }
        return exit;
    }

    /** Where a query's seconds go, phase by phase ({@code --timings}). */
    static final class Timings {
        private final List<String> phases = new ArrayList<>();
        private long last;

        Timings(long startMillis) {
            last = startMillis;
        }

        /** Ends a phase: the time since the previous mark. */
        void mark(String phase) {
            long now = System.currentTimeMillis();
            phases.add(String.format(java.util.Locale.ROOT, "%s %.1fs", phase, (now - last) / 1000.0));
            last = now;
        }

        @Override
        public String toString() {
            return "timings: " + String.join(", ", phases);
        }
    }

    private static int run(SparkSession spark, Options options, PrintStream out, PrintStream err, Timings timings) {
        spark.conf().set("spark.sql.session.timeZone", SHANGHAI.getId());
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        spark.conf().set("spark.sql.runSQLOnFiles", "false"); // no format.`path`: only the output's tables
        for (int attempt = 1; ; attempt++) {
            OutputCatalog catalog;
            try {
                catalog = OutputCatalog.open(spark, options.output());
            } catch (OutputCatalog.NoOutputs e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            ReadOnlySql.Statement statement;
            List<String> tables;
            try {
                statement = ReadOnlySql.checkParsed(spark, options.sql());
                // only the tables a query names: registering one lists its files
                tables = catalog.registerViews(statement::mayRead);
                timings.mark("catalog and tables named (" + tables.stream().filter(statement::mayRead).count() + " of "
                        + tables.size() + ")");
            } catch (ReadOnlySql.Refused e) {
                err.println("error: " + e.getMessage());
                return 2;
            } catch (AnalysisException e) {
                err.println("error: " + briefly(e)); // a syntax error
                return 1;
            } catch (IOException e) {
                err.println("error: cannot read the outputs: " + e.getMessage());
                return 2;
            }
            Export export = null;
            try {
                Dataset<Row> result = spark.sql(options.sql());
                if (statement.query()) {
                    ReadOnlySql.checkAnalyzed(result.queryExecution().analyzed(), catalog.root());
                }
                export = Export.of(spark, options, catalog.root());
                String done = export.write(result, options.limit());
                timings.mark("query");
                if (!catalog.unchanged() && attempt < ATTEMPTS) {
                    export.discard(); // a publish moved tables while the query read them: read the new set
                    continue;
                }
                out.print(export.commit(done));
                return 0;
            } catch (ReadOnlySql.Refused | ExportRefused e) {
                err.println("error: " + e.getMessage());
                return 2;
            } catch (Exception e) {
                if (export != null) {
                    export.discard();
                }
                if (attempt < ATTEMPTS && changedSince(catalog)) {
                    continue; // the files the query listed were moved by a publish: read the new set
                }
                if (e instanceof IOException io) {
                    err.println("error: cannot write: " + io.getMessage());
                    return 2;
                }
                // Spark's AnalysisException is a Scala (unchecked in Scala, checked in Java) exception
                if (e instanceof AnalysisException analysis) {
                    err.println("error: " + briefly(analysis));
                    if ("TABLE_OR_VIEW_NOT_FOUND".equals(analysis.getCondition())) {
                        err.println("tables here: " + String.join(", ", tables));
                    }
                } else {
                    err.println("error: the query failed: " + briefly(rootCause(e)));
                }
                return 1;
            }
        }
    }

    private static boolean changedSince(OutputCatalog catalog) {
        try {
            return !catalog.unchanged();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Where a result goes: the terminal, a CSV file or a Parquet folder. The rows are first written
     * aside (printed text kept in memory, a file or folder under a fresh temporary name beside the
     * target) and put in place only when the tables did not move meanwhile.
     */
    private abstract static class Export {
        static Export of(SparkSession spark, Options options, org.apache.hadoop.fs.Path outputRoot) throws IOException {
            String target = options.csv() != null ? options.csv() : options.parquet();
            if (target != null) {
                refuseInsideOutput(spark, target, outputRoot, options.csv() != null ? "--csv" : "--parquet");
            }
            if (options.csv() != null) {
                return new CsvExport(Path.of(options.csv()));
            }
            if (options.parquet() != null) {
                return new ParquetExport(spark, options.parquet());
            }
            return new PrintExport();
        }

        /**
         * A query command never writes into the output it reads: an export there would show up as rows
         * of a published table, or break every later query and run. Local paths are compared with
         * their symbolic links resolved (a link into the output is inside it).
         */
        private static void refuseInsideOutput(SparkSession spark, String target, org.apache.hadoop.fs.Path root,
                                               String option) throws IOException {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path qualified = new org.apache.hadoop.fs.Path(target).getFileSystem(
                    spark.sparkContext().hadoopConfiguration()).makeQualified(new org.apache.hadoop.fs.Path(target));
            org.apache.hadoop.fs.Path output = fs.makeQualified(root);
            boolean inside = PathsWithin.isWithin(qualified, output)
                    || PathsWithin.isWithin(PathsWithin.real(qualified), PathsWithin.real(output));
            if (inside) {
                throw new ExportRefused(option + " " + target + " is inside the output folder " + root
                        + ": an export never writes into the tables it reads; choose a place outside it");
            }
        }

        /** Writes the rows aside; returns the line to print once committed. */
        abstract String write(Dataset<Row> result, int limit) throws IOException;

        /** Puts the rows in place; returns what to print. */
        abstract String commit(String done) throws IOException;

        /** Removes what {@link #write} put aside (never the user's files). */
        abstract void discard();
    }

    private static final class PrintExport extends Export {
        @Override
        String write(Dataset<Row> result, int limit) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            print(result, limit, new PrintStream(text, true, StandardCharsets.UTF_8));
            return text.toString(StandardCharsets.UTF_8);
        }

        @Override
        String commit(String done) {
            return done;
        }

        @Override
        void discard() {
        }
    }

    private static final class CsvExport extends Export {
        private final Path target;
        private Path tmp;

        CsvExport(Path target) {
            if (Files.exists(target)) {
                throw new ExportRefused(target + " exists; choose a new file name (nothing is overwritten)");
            }
            this.target = target;
        }

        @Override
        String write(Dataset<Row> result, int limit) throws IOException {
            Path folder = target.toAbsolutePath().getParent();
            // a fresh name of our own: an existing file of the user's is never written over
            tmp = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
            long rows = writeCsv(result, tmp);
            return "wrote " + rows + " rows to " + target + " (UTF-8 with BOM)\n";
        }

        @Override
        String commit(String done) throws IOException {
            try {
                Files.move(tmp, target); // fails rather than replace a file that appeared meanwhile
            } catch (FileAlreadyExistsException e) {
                discard();
                throw new ExportRefused(target + " exists; choose a new file name (nothing is overwritten)");
            }
            return done;
        }

        @Override
        void discard() {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp); // our own temporary file
                }
            } catch (IOException ignored) {
                // a hidden temporary file of ours stays behind
            }
        }
    }

    private static final class ParquetExport extends Export {
        private final SparkSession spark;
        private final org.apache.hadoop.fs.Path target;
        private final FileSystem fs;
        private org.apache.hadoop.fs.Path tmp;

        ParquetExport(SparkSession spark, String folder) throws IOException {
            this.spark = spark;
            org.apache.hadoop.fs.Path t = new org.apache.hadoop.fs.Path(folder);
            this.fs = t.getFileSystem(spark.sparkContext().hadoopConfiguration());
            this.target = fs.makeQualified(t);
            if (fs.exists(target)) {
                throw new ExportRefused(folder + " exists; choose a new folder (nothing is overwritten)");
            }
        }

        @Override
        String write(Dataset<Row> result, int limit) throws IOException {
            tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + "."
                    + UUID.randomUUID() + ".tmp");
            result.write().mode(SaveMode.ErrorIfExists).parquet(tmp.toString());
            return "wrote " + spark.read().parquet(tmp.toString()).count() + " rows to " + target + "\n";
        }

        @Override
        String commit(String done) throws IOException {
            if (fs.exists(target) || !fs.rename(tmp, target)) {
                discard();
                throw new ExportRefused(target + " exists; choose a new folder (nothing is overwritten)");
            }
            return done;
        }

        @Override
        void discard() {
            try {
                if (tmp != null && fs.exists(tmp)) {
                    fs.delete(tmp, true); // our own temporary folder
                }
            } catch (IOException ignored) {
                // a hidden temporary folder of ours stays behind
            }
        }
    }

    /** The export target cannot be used; nothing was written. */
    static final class ExportRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExportRefused(String message) {
            super(message);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** Spark's message in at most two lines: the error and, for a syntax error, where. */
    static String briefly(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        String[] lines = message.split("\\R");
        StringBuilder s = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("== SQL") || line.startsWith("(line")) {
                s.append(' ').append(line.replace("== SQL ==", "").strip());
                break;
            }
        }
        String one = s.toString();
        return one.length() > 400 ? one.substring(0, 400) + " …" : one;
    }

    static void print(Dataset<Row> result, int limit, PrintStream out) {
        List<Row> rows = result.limit(limit + 1).collectAsList();
        StructField[] fields = result.schema().fields();
        List<String> header = new ArrayList<>();
        boolean[] numeric = new boolean[fields.length];
        for (int c = 0; c < fields.length; c++) {
            header.add(fields[c].name());
            numeric[c] = fields[c].dataType() instanceof NumericType;
        }
        List<String[]> cells = new ArrayList<>();
        for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
            cells.add(cellsOf(row, fields, "NULL"));
        }
        out.print(TextTable.render(header, numeric, cells));
        if (rows.size() > limit) {
            out.println("(first " + limit + " rows; --limit N for more, --csv FILE for all)");
        } else {
            out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        }
    }

    private static String[] cellsOf(Row row, StructField[] fields, String nullText) {
        String[] cells = new String[fields.length];
        for (int c = 0; c < fields.length; c++) {
            cells[c] = row.isNullAt(c) ? nullText : format(row.get(c), fields[c].dataType());
        }
        return cells;
    }

    /** A value as an analyst reads it: plain decimals (no exponent), instants in Asia/Shanghai, lists joined. */
    static String format(Object value, DataType type) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : plain(BigDecimal.valueOf(d));
        }
        if (value instanceof Float f) {
            return plain(new BigDecimal(Float.toString(f)));
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Instant i) {
            return LocalDateTime.ofInstant(i, SHANGHAI).format(LOCAL);
        }
        if (value instanceof Iterable<?> list) {
            List<String> items = new ArrayList<>();
            scala.collection.Iterator<?> it = list.iterator();
            while (it.hasNext()) {
                Object item = it.next();
                items.add(item == null ? "NULL" : String.valueOf(item));
            }
            return String.join("; ", items);
        }
        return String.valueOf(value);
    }

    private static String plain(BigDecimal b) {
        String s = b.toPlainString();
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
    }

    /**
     * Writes the result as one CSV file: UTF-8 with a byte-order mark (Excel and WPS then read
     * Chinese correctly), RFC 4180 quoting by univocity's writer (the library Spark's own CSV source
     * uses), CRLF line ends, and every cell that a spreadsheet would take for a formula neutralised
     * ({@link #neutralised}). Streams the rows, so size is no matter.
     */
    static long writeCsv(Dataset<Row> result, Path file) throws IOException {
        StructField[] fields = result.schema().fields();
        long rows = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8))) {
            w.write('\uFEFF');
            CsvWriter csv = new CsvWriter(w, CSV_FORMAT);
            String[] header = new String[fields.length];
            for (int c = 0; c < fields.length; c++) {
                header[c] = neutralised(fields[c].name());
            }
            csv.writeRow((Object[]) header);
            Iterator<Row> it = result.toLocalIterator();
            while (it.hasNext()) {
                String[] cells = cellsOf(it.next(), fields, "");
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = neutralised(cells[c]);
                }
                csv.writeRow((Object[]) cells);
                rows++;
            }
            csv.flush();
        }
        return rows;
    }

    /**
     * RFC 4180 as Excel and WPS read it: comma, CRLF, a cell quoted when it holds a comma, a quote or
     * a line break (quotes doubled), white space kept, an empty or null cell left empty.
     */
    private static final CsvWriterSettings CSV_FORMAT = csvFormat();

    private static CsvWriterSettings csvFormat() {
        CsvWriterSettings s = new CsvWriterSettings();
        s.getFormat().setDelimiter(',');
        s.getFormat().setQuote('"');
        s.getFormat().setQuoteEscape('"');
        s.getFormat().setLineSeparator("\r\n");
        s.setQuotationTriggers('"', '\r', '\n'); // and the delimiter, always
        s.setNormalizeLineEndingsWithinQuotes(false);
        s.setIgnoreLeadingWhitespaces(false);
        s.setIgnoreTrailingWhitespaces(false);
        s.setNullValue("");
        s.setEmptyValue("");
        return s;
    }

    /** A plain number as a spreadsheet reads it: -2.5, +3, 1e5. */
    private static final Pattern PLAIN_NUMBER =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * A cell that Excel or WPS would run as a formula (it begins with =, +, -, @, a tab or a carriage
     * return: OWASP's CSV-injection rule) gets a leading single quote, so it shows as text; a plain
     * number ({@code -2.5}) stays a number.
     */
    static String neutralised(String cell) {
        if (cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 || PLAIN_NUMBER.matcher(cell).matches()) {
            return cell;
        }
        return "'" + cell;
    }


}
