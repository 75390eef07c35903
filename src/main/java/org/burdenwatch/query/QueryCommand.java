package org.burdenwatch.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
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

    public static final String USAGE = "usage: jobs/query.sh [--output DIR] [--csv FILE | --parquet DIR] [--limit N] "
            + "(\"SQL\" | -f FILE.sql)";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** The parsed command line. */
    record Options(String output, String sql, String csv, String parquet, int limit) {
        static Options parse(String[] args) throws IOException {
            String output = "out";
            String sql = null;
            String csv = null;
            String parquet = null;
            int limit = 200;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--output" -> output = value(args, ++i, a);
                    case "--csv" -> csv = value(args, ++i, a);
                    case "--parquet" -> parquet = value(args, ++i, a);
                    case "--limit" -> {
                        try {
                            limit = Integer.parseInt(value(args, ++i, a));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--limit needs a whole number");
                        }
                    }
                    case "-f", "--file" -> {
                        Path file = Path.of(value(args, ++i, a));
                        if (!Files.isRegularFile(file)) {
                            throw new IllegalArgumentException("no SQL file at " + file);
                        }
                        sql = Files.readString(file, StandardCharsets.UTF_8);
                    }
                    default -> {
                        if (a.startsWith("-") && a.length() > 1 && !a.contains(" ")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        if (sql != null) {
                            throw new IllegalArgumentException("give one query (quote it), or -f FILE");
                        }
                        sql = a;
                    }
                }
            }
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("no query given");
            }
            if (csv != null && parquet != null) {
                throw new IllegalArgumentException("--csv and --parquet: choose one");
            }
            return new Options(output, stripTrailingSemicolon(sql), csv, parquet, limit);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
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
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("burden-indicators-query").getOrCreate();
        int exit;
        try {
            exit = run(spark, options, System.out, System.err);
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    /** Runs one query; returns the exit code (0 done, 1 the query failed, 2 nothing to query or bad target). */
    static int run(SparkSession spark, Options options, PrintStream out, PrintStream err) {
        spark.conf().set("spark.sql.session.timeZone", SHANGHAI.getId());
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        List<String> tables;
        try {
            tables = OutputCatalog.open(spark, options.output()).registerViews();
        } catch (OutputCatalog.NoOutputs e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read the outputs: " + e.getMessage());
            return 2;
        }
        try {
            Dataset<Row> result = spark.sql(options.sql());
            if (options.csv() != null) {
                long rows = writeCsv(result, Path.of(options.csv()));
                out.println("wrote " + rows + " rows to " + options.csv() + " (UTF-8 with BOM)");
            } else if (options.parquet() != null) {
                if (Files.exists(Path.of(options.parquet()))) {
                    err.println("error: " + options.parquet() + " exists; choose a new folder (nothing is overwritten)");
                    return 2;
                }
                result.write().mode(SaveMode.ErrorIfExists).parquet(options.parquet());
                out.println("wrote " + spark.read().parquet(options.parquet()).count() + " rows to " + options.parquet());
            } else {
                print(result, options.limit(), out);
            }
            return 0;
        } catch (CsvTargetExists e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write: " + e.getMessage());
            return 2;
        } catch (Exception e) {
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
     * Chinese correctly), RFC 4180 quoting, CRLF line ends. Streams the rows, so size is no matter.
     */
    static long writeCsv(Dataset<Row> result, Path file) throws IOException {
        if (Files.exists(file)) {
            throw new CsvTargetExists(file + " exists; choose a new file name (nothing is overwritten)");
        }
        StructField[] fields = result.schema().fields();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        long rows = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8))) {
            w.write('\uFEFF');
            List<String> header = new ArrayList<>();
            for (StructField f : fields) {
                header.add(f.name());
            }
            writeCsvLine(w, header.toArray(new String[0]));
            Iterator<Row> it = result.toLocalIterator();
            while (it.hasNext()) {
                writeCsvLine(w, cellsOf(it.next(), fields, ""));
                rows++;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp); // our own temporary file, never the user's
            throw e;
        }
        Files.move(tmp, file);
        return rows;
    }

    private static void writeCsvLine(Writer w, String[] cells) throws IOException {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                w.write(',');
            }
            String cell = cells[c];
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                w.write('"');
                w.write(cell.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(cell);
            }
        }
        w.write("\r\n");
    }

    /** The CSV target exists; nothing was written. */
    static final class CsvTargetExists extends IOException {
        private static final long serialVersionUID = 1L;

        CsvTargetExists(String message) {
            super(message);
        }
    }
}
