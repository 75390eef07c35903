package org.burdenwatch.output;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.ColumnEntry;
import org.burdenwatch.records.Period;

/**
 * The tables of one run, by {@link OutputTable}: the one place that knows whether this run staged
 * a table or keeps the published one. Readers ask it ({@link #read}); writers give it rows
 * ({@link #routing}), annotated with the data dictionary and written by {@link RoutedParquetWrite},
 * which also gives the row counts; nobody builds a path. An incremental run keeps tables
 * ({@link #keep}), carries published files into a staged table ({@link #carryOver}), or the files
 * of some periods ({@link #carryOverFiles}) or years ({@link #carryOverYears}).
 */
public final class TableStore {
    /**
     * The year in the name of a file of a table laid out by year: a period table's
     * ({@code period_type=month/part-2024-00000-…}) or the facts' ({@code part-2024-00000-…}).
     */
    private static final Pattern YEAR_FILE = Pattern.compile("^part-(\\d{4})-\\d{5}-.*");
    private static final String PERIOD_TYPE_DIR = "period_type=";

    private final SparkSession spark;
    private final OutputStore files;
    private final Function<OutputTable, List<ColumnEntry>> dictionary;
    private final Map<OutputTable, StructType> staged = new LinkedHashMap<>();
    private final Map<OutputTable, Long> rows = new LinkedHashMap<>();
    private final Set<OutputTable> kept = new LinkedHashSet<>();
    private ParquetReadOptions footerOptions;

    /**
     * The store of one run's tables in {@code files}; {@code dictionary} gives each table's column
     * entries, written into the files' column metadata (a column without one is refused).
     */
    public TableStore(SparkSession spark, OutputStore files, Function<OutputTable, List<ColumnEntry>> dictionary) {
        this.spark = spark;
        this.files = files;
        this.dictionary = dictionary;
    }

    public OutputStore files() {
        return files;
    }

    /** True when this run wrote (or carried over into) the table. */
    public boolean isStaged(OutputTable t) {
        return staged.containsKey(t);
    }

    /** True when the output holds the table as published by an earlier run. */
    public boolean isPublished(OutputTable t) {
        try {
            return files.isPublished(t.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table's rows as this run publishes them: staged by this run, else the published ones; null when neither. */
    public Dataset<Row> read(OutputTable t) {
        if (staged.containsKey(t)) {
            return spark.read().schema(staged.get(t)).parquet(files.stagedPath(t.path()));
        }
        return isPublished(t) ? readPublished(t) : null;
    }

    /**
     * The rows an earlier run published, read with the schema Spark wrote into one file's footer (the
     * partition columns still found from the folders): Spark would read that same footer in a Spark
     * job of its own, one per table read (22 of a sample rerun's 85 jobs). Files without Spark's
     * schema are left to Spark's inference.
     */
    public Dataset<Row> readPublished(OutputTable t) {
        return readParquet(files.publishedPath(t.path()));
    }

    /** A table's rows, read with the schema in its first file's footer (Spark's inference when it has none). */
    Dataset<Row> readParquet(String path) {
        StructType schema = footerSchema(new Path(path));
        return schema == null ? spark.read().parquet(path) : spark.read().schema(schema).parquet(path);
    }

    /** The key under which Spark writes a table's schema (JSON) into each Parquet file's footer. */
    static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    /**
     * The Spark schema in the footer of the table's first data file by path: one file's schema stands
     * for the table, as in Spark's own inference without schema merging; null when it has none.
     */
    private StructType footerSchema(Path table) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            FileStatus first = dataFiles(table, conf).stream()
                    .min(Comparator.comparing((FileStatus f) -> f.getPath().toString())).orElse(null);
            if (first == null) {
                return null;
            }
            try (ParquetFileReader r = footer(HadoopInputFile.fromStatus(first, conf))) {
                String json = r.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
                return json == null ? null : (StructType) DataType.fromJson(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A file opened for its footer. The read options are built once: building them from the Hadoop
     * configuration was most of the cost of opening a footer (≈ 0.9 CPU-s of a sample rerun's driver).
     */
    private ParquetFileReader footer(InputFile file) throws IOException {
        if (footerOptions == null) {
            footerOptions = HadoopReadOptions.builder(spark.sparkContext().hadoopConfiguration()).build();
        }
        return ParquetFileReader.open(file, footerOptions);
    }

    /** The table's data files: Parquet files, none under {@code _temporary} or hidden; none when it is not there. */
    private static List<FileStatus> dataFiles(Path table, Configuration conf) throws IOException {
        List<FileStatus> out = new ArrayList<>();
        FileSystem fs = table.getFileSystem(conf);
        if (!fs.exists(table)) {
            return out;
        }
        var it = fs.listFiles(table, true);
        while (it.hasNext()) {
            FileStatus f = it.next();
            String below = table.toUri().relativize(f.getPath().toUri()).getPath();
            if (f.getPath().getName().endsWith(".parquet") && !below.startsWith("_") && !below.contains("/_")
                    && !f.getPath().getName().startsWith(".")) {
                out.add(f);
            }
        }
        return out;
    }

    /** The published table stays as it is: this run neither writes nor removes it. */
    public void keep(OutputTable t) {
        kept.add(t);
        rows.put(t, publishedRows(t));
    }

    public boolean isKept(OutputTable t) {
        return kept.contains(t);
    }

    /** The rows this run publishes in a table (staged or kept). */
    public long rows(OutputTable t) {
        return rows.getOrDefault(t, 0L);
    }

    /** The rows of a published table, from its Parquet footers (no Spark job). */
    public long publishedRows(OutputTable t) {
        return footerRows(new Path(files.publishedPath(t.path())));
    }

    private long footerRows(Path table) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        long n = 0;
        try {
            for (FileStatus f : dataFiles(table, conf)) {
                try (ParquetFileReader r = footer(HadoopInputFile.fromStatus(f, conf))) {
                    n += r.getRecordCount();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    /**
     * Copies every published file of a table into its staged version (before or after this run
     * writes its own rows there): the staged table is then the published rows plus this run's.
     */
    public void carryOver(OutputTable t, StructType schema) {
        try {
            files.carryOver(t.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        staged.putIfAbsent(t, schema);
        rows.merge(t, publishedRows(t), Long::sum);
    }

    /**
     * Copies the published files of a period table that hold the given period types and years
     * into its staged version: the periods this run does not recompute.
     */
    public void carryOverFiles(OutputTable t, Set<Period.TypeYear> typeYears) {
        carryOverYearFiles(t, (dir, year) -> dir.startsWith(PERIOD_TYPE_DIR) && typeYears.contains(
                new Period.TypeYear(dir.substring(PERIOD_TYPE_DIR.length()), Integer.parseInt(year))));
    }

    /**
     * Copies the published files of a table laid out by year (files named {@code part-2024-…}
     * directly under it) that hold the given years into its staged version: the years this run
     * does not rewrite.
     */
    public void carryOverYears(OutputTable t, Set<Integer> years) {
        carryOverYearFiles(t, (dir, year) -> dir.isEmpty() && years.contains(Integer.parseInt(year)));
    }

    /**
     * The years of a published table's files when each data file directly under it is named by its
     * year ({@code part-2024-00000-…}, as {@link Routing#toYear} writes them); null when one is not
     * (written before its files were named by year) or the table is not published.
     */
    public Set<Integer> publishedYears(OutputTable t) {
        Path published = new Path(files.publishedPath(t.path()));
        Set<Integer> years = new TreeSet<>();
        try {
            FileSystem fs = published.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(published)) {
                return null;
            }
            for (FileStatus f : fs.listStatus(published)) {
                String name = f.getPath().getName();
                if (!f.isFile() || name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                Matcher m = YEAR_FILE.matcher(name);
                if (!m.matches()) {
                    return null;
                }
                years.add(Integer.parseInt(m.group(1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return years;
    }

    /**
     * Copies each published file named by a year ({@code part-2024-…}) that {@code wanted} accepts,
     * given its folder within the table ("" directly under it, or {@code period_type=month}) and
     * its year, into the same folder of the staged table; counts their rows as staged.
     */
    private void carryOverYearFiles(OutputTable t, BiPredicate<String, String> wanted) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path published = new Path(files.publishedPath(t.path()));
        Path target = new Path(files.stagedPath(t.path()));
        long carried = 0;
        try {
            FileSystem fs = published.getFileSystem(conf);
            List<FileStatus> candidates = new ArrayList<>();
            for (FileStatus entry : fs.listStatus(published)) {
                if (entry.isFile()) {
                    candidates.add(entry);
                } else if (entry.getPath().getName().startsWith(PERIOD_TYPE_DIR)) {
                    candidates.addAll(List.of(fs.listStatus(entry.getPath())));
                }
            }
            for (FileStatus f : candidates) {
                String dir = f.getPath().getParent().getName().startsWith(PERIOD_TYPE_DIR)
                        ? f.getPath().getParent().getName() : "";
                Matcher m = YEAR_FILE.matcher(f.getPath().getName());
                if (f.isFile() && m.matches() && wanted.test(dir, m.group(1))) {
                    Path to = new Path(dir.isEmpty() ? target : new Path(target, dir), f.getPath().getName());
                    fs.mkdirs(to.getParent());
                    if (!FileUtil.copy(fs, f.getPath(), fs, to, false, conf)) {
                        throw new IOException("cannot copy " + f.getPath() + " to " + to);
                    }
                    try (ParquetFileReader r = footer(HadoopInputFile.fromPath(to, conf))) {
                        carried += r.getRecordCount();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.merge(t, carried, Long::sum);
    }

    /**
     * Writes rows held on the driver (reference data, the ledger; none: an empty table) as a table,
     * without a Spark job. Rows are added to the table's staged rows.
     */
    public void writeLocal(OutputTable table, StructType columns, List<Row> rows) {
        StructType annotated = ColumnMetadata.annotate(table, columns, dictionary.apply(table));
        RoutedParquetWrite.writeLocal(RoutedParquetWrite.Target.of(files.stagedPath(table.path()), annotated), rows);
        staged.putIfAbsent(table, annotated);
        this.rows.merge(table, (long) rows.size(), Long::sum);
    }

    /** Forgets what this run staged of a table and removes its staged files (a type parsed again). */
    public void discardStaged(OutputTable t) {
        try {
            Path p = new Path(files.stagedPath(t.path()));
            p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        staged.remove(t);
        rows.remove(t);
    }

    /** The rows of some staged files of a table, from their footers. */
    public long stagedFileRows(List<String> paths) {
        long n = 0;
        for (String p : paths) {
            n += footerRows(new Path(p));
        }
        return n;
    }

    /**
     * Writes tables partitioned by period_type whose files each hold one period type of one year
     * (so that a rerun rewrites the type-years it touches and keeps the others' files), in one Spark
     * job: each row goes to the file of its period type and the year its period label starts with
     * ({@code 2024}, {@code 2024-H1}, {@code 2024-Q2}, {@code 2024-06}); each file is written by one
     * task. The rows carry the period_type column; its value is the folder, not a column of the files.
     *
     * <p>Not Spark's {@code partitionBy}: measured against it ({@code partitionBy(period_type)} after a
     * repartition by type and year, rows counted by {@code Dataset.observe}, the facts by year the
     * same way), alternating on one jar, the indicator tables took a median 22% longer on a national
     * division list (40,132 divisions, 300,000 task rows, 1% garbage: 28.3–31.8 s against 35.6–37.5 s,
     * pairs 1.14–1.26; the run 10% longer) and the same on data/sample (pairs 0.94–1.04): each table
     * is then a job of its own, where this one pass writes the county table and the targets from the
     * persisted rows together. The type-year files also let a rerun replace one year of one period
     * type; Spark's dynamic partition overwrite would need a year column in the tables.
     */
    public void writeByPeriod(Map<OutputTable, Dataset<Row>> tables, Set<Period.TypeYear> typeYears) {
        Routing routing = routing();
        Map<OutputTable, Column> routes = new LinkedHashMap<>();
        for (Map.Entry<OutputTable, Dataset<Row>> e : tables.entrySet()) {
            List<Column> files = new ArrayList<>();
            for (Period.TypeYear typeYear : typeYears) {
                files.add(lit(typeYear.type() + ":" + typeYear.year()));
                files.add(lit(routing.toPartition(e.getKey(), withoutPeriodType(e.getValue().schema()), typeYear.type(),
                        String.valueOf(typeYear.year()))));
            }
            routes.put(e.getKey(), try_element_at(map(files.toArray(new Column[0])),
                    concat(col(PERIOD_TYPE), lit(":"), col(PERIOD).substr(1, 4))));
        }
        // every route is added before a row is laid out: a row holds a struct for each table of the write
        Dataset<Row> routed = null;
        for (Map.Entry<OutputTable, Dataset<Row>> e : tables.entrySet()) {
            Column struct = struct(Arrays.stream(withoutPeriodType(e.getValue().schema()).fieldNames())
                    .map(functions::col).toArray(Column[]::new));
            Dataset<Row> part = e.getValue().select(routing.row(routes.get(e.getKey()), Map.of(e.getKey(), struct), null));
            routed = routed == null ? part : routed.union(part);
        }
        routing.write(routed.repartition(Math.max(1, routing.size()), col(RoutedParquetWrite.ROUTE)));
    }

    /**
     * Writes a table laid out by year (files named {@code part-2024-…} directly under it), each row
     * to the file of its {@code month}'s year among {@code years}; a month outside them fails the
     * write (a row would be lost). {@code tallies}: each row's tallies, counted by the write (the
     * months of new records). Spark's {@code partitionBy} on a year column, with the rows and months
     * observed, made the facts stage a median 14% longer on the national list ({@link #writeByPeriod}).
     */
    public RoutedParquetWrite.Result writeByYear(OutputTable table, StructType columns, Dataset<Row> rows,
                                                 String month, Set<Integer> years, Column tallies) {
        Routing routing = routing();
        List<Column> routes = new ArrayList<>();
        for (int y : years) {
            routes.add(lit(y));
            routes.add(lit(routing.toYear(table, columns, y)));
        }
        Column route = try_element_at(map(routes.toArray(new Column[0])), year(col(month)));
        route = when(route.isNotNull(), route).otherwise(raise_error(concat(
                lit(table.path() + ": no file for the month "), date_format(col(month), "yyyy-MM"))));
        Column struct = struct(Arrays.stream(columns.fieldNames()).map(functions::col).toArray(Column[]::new));
        return routing.write(rows.select(routing.row(route, Map.of(table, struct), tallies)));
    }

    /** Writes a table of one file set (not partitioned) from a Dataset, in one Spark job. */
    public void write(OutputTable table, Dataset<Row> rows) {
        Routing routing = routing();
        int route = routing.to(table, rows.schema());
        routing.write(rows.select(routing.row(lit(route), Map.of(table,
                struct(Arrays.stream(rows.columns()).map(functions::col).toArray(Column[]::new))), null)));
    }

    private static final String PERIOD_TYPE = "period_type";
    private static final String PERIOD = "period";

    /**
     * The table's columns but its partition column, from the schema: a {@code drop} would be a new
     * plan, analysed in full for no rows (a wide plan: 4% of a small run's driver time, JFR).
     */
    private static StructType withoutPeriodType(StructType columns) {
        return new StructType(Arrays.stream(columns.fields())
                .filter(f -> !f.name().equals(PERIOD_TYPE)).toArray(StructField[]::new));
    }

    /** Starts a write of one pass over rows into one or more tables. */
    public Routing routing() {
        return new Routing();
    }

    /**
     * The targets of one routed write: each an output table (or one period of a period table),
     * given the columns the table has. The rows of one table, whatever their period, travel in one
     * struct column; {@link #row} lays out a routed row.
     */
    public final class Routing {
        private final List<RoutedParquetWrite.Target> targets = new ArrayList<>();
        private final List<OutputTable> tables = new ArrayList<>();
        private final List<StructType> annotated = new ArrayList<>();
        private final List<OutputTable> structTables = new ArrayList<>();
        private final List<StructType> structColumns = new ArrayList<>();

        /** Adds a table; returns its route. The files' schema is annotated with the data dictionary. */
        public int to(OutputTable table, StructType columns) {
            StructType schema = ColumnMetadata.annotate(table, columns, dictionary.apply(table));
            targets.add(RoutedParquetWrite.Target.of(files.stagedPath(table.path()), schema, "", structOf(table, columns)));
            return add(table, schema);
        }

        /**
         * Adds one year of one period type of a table partitioned by period_type; returns its route.
         * Its files go under {@code period_type=<type>/} and are named by the year.
         */
        public int toPartition(OutputTable table, StructType columns, String periodType, String year) {
            StructType schema = ColumnMetadata.annotate(table, columns, dictionary.apply(table));
            targets.add(RoutedParquetWrite.Target.of(files.stagedPath(table.path()) + "/" + PERIOD_TYPE_DIR + periodType,
                    schema, year + "-", structOf(table, columns)));
            return add(table, schema);
        }

        /**
         * Adds one year of a table laid out by year; returns its route. Its files go directly under
         * the table and are named by the year ({@code part-2024-…}).
         */
        public int toYear(OutputTable table, StructType columns, int year) {
            StructType schema = ColumnMetadata.annotate(table, columns, dictionary.apply(table));
            targets.add(RoutedParquetWrite.Target.of(files.stagedPath(table.path()), schema, year + "-",
                    structOf(table, columns)));
            return add(table, schema);
        }

        /** The routes so far. */
        public int size() {
            return targets.size();
        }

        private int structOf(OutputTable table, StructType columns) {
            int at = structTables.indexOf(table);
            if (at < 0) {
                structTables.add(table);
                structColumns.add(columns);
                at = structTables.size() - 1;
            }
            return at + 1; // after _route
        }

        private int add(OutputTable table, StructType schema) {
            tables.add(table);
            annotated.add(schema);
            return targets.size() - 1;
        }

        /** The columns a table's rows carry, as given. */
        public StructType columns(OutputTable table) {
            return structColumns.get(structTables.indexOf(table));
        }

        /**
         * A routed row: its route, the struct of each table it may go to (a table left out is
         * null), and its tallies (an array of structs, counted by the write; may be null).
         */
        public Column[] row(Column route, Map<OutputTable, Column> structs, Column tallies) {
            List<Column> out = new ArrayList<>(List.of(route.as(RoutedParquetWrite.ROUTE)));
            for (int i = 0; i < structTables.size(); i++) {
                Column s = structs.get(structTables.get(i));
                out.add((s == null ? lit(null).cast(structColumns.get(i)) : s).as("s" + i));
            }
            out.add((tallies == null ? lit(null).cast("array<string>") : tallies).as(RoutedParquetWrite.TALLIES));
            return out.toArray(new Column[0]);
        }

        /** Writes the rows; records what each table received; returns the write's result (counts, tallies). */
        public RoutedParquetWrite.Result write(Dataset<Row> routed) {
            RoutedParquetWrite.Result result = RoutedParquetWrite.write(routed, targets);
            for (int i = 0; i < tables.size(); i++) {
                OutputTable t = tables.get(i);
                StructType schema = annotated.get(i);
                if (t.partitionedByPeriodType()) {
                    schema = schema.add("period_type", DataTypes.StringType);
                }
                staged.putIfAbsent(t, schema);
                rows.merge(t, result.rows()[i], Long::sum);
            }
            return result;
        }
    }

    /** Removes a staged table's files that a rewrite replaced (this run's own staging only). */
    public void deleteStagedFiles(List<String> paths) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            for (String p : paths) {
                Path path = new Path(p);
                if (!PathsWithin.isWithin(path, files.stagingFolder())) {
                    throw new IllegalStateException("not a staged file of this run: " + p);
                }
                path.getFileSystem(conf).delete(path, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Corrects a table's count after a rewrite removed rows from it. */
    public void removed(OutputTable t, long n) {
        rows.merge(t, -n, Long::sum);
    }

    /**
     * Every table this run publishes (staged or kept), in registry order, with its rows and columns
     * (a kept table's as the run that wrote it said).
     */
    public List<RunSummary.TableWritten> outputs() throws IOException {
        Map<String, String> keptSchemas = new LinkedHashMap<>();
        RunSummary previous = kept.isEmpty() ? null : files.latestRunSummary();
        if (previous != null && previous.outputs() != null) {
            previous.outputs().forEach(w -> keptSchemas.put(w.table(), w.schema()));
        }
        List<RunSummary.TableWritten> out = new ArrayList<>();
        for (OutputTable t : OutputTable.parquetTables()) {
            if (staged.containsKey(t) || kept.contains(t)) {
                String schema = staged.containsKey(t) ? RunSummary.TableWritten.ddlOf(staged.get(t))
                        : keptSchemas.get(t.path());
                out.add(new RunSummary.TableWritten(t.path(), files.publishedPath(t.path()), rows(t), schema));
            }
        }
        return out;
    }

    /** The tables to swap at publish: every table not kept (a published table this run did not stage goes away). */
    public List<String> tablesToPublish() {
        List<String> out = new ArrayList<>();
        for (OutputTable t : OutputTable.parquetTables()) {
            if (!kept.contains(t)) {
                out.add(t.path());
            }
        }
        return out;
    }
}
