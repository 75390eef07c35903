package org.burdenwatch.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of an output folder under their stable names ({@link OutputTable}): as temporary
 * views for a query session, or as external Parquet tables in the session's catalog (a Hive
 * metastore when the session has one).
 */
public final class OutputCatalog {
    private final SparkSession spark;
    private final FileSystem fs;
    private final Path root;
    private final PublishedTables published;

    private OutputCatalog(SparkSession spark, FileSystem fs, Path root) throws IOException {
        this.spark = spark;
        this.fs = fs;
        this.root = root;
        this.published = PublishedTables.resolve(fs, root);
    }

    /**
     * Opens an output folder of this tool.
     *
     * @throws NoOutputs when the folder does not exist, was not written by this tool, or holds no completed run
     */
    public static OutputCatalog open(SparkSession spark, String output) {
        try {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Path root = new Path(output);
            FileSystem fs = root.getFileSystem(conf);
            root = fs.makeQualified(root);
            if (!fs.exists(root)) {
                throw new NoOutputs("no output folder at " + output + ": run jobs/run.sh first (or pass --output DIR)");
            }
            if (!fs.exists(new Path(root, OutputStore.MARKER))) {
                throw new NoOutputs(output + " is not an output folder of burden-indicators (no "
                        + OutputStore.MARKER + ")");
            }
            OutputCatalog catalog = new OutputCatalog(spark, fs, root);
            if (!catalog.published.hasRun()) {
                throw new NoOutputs(output + " holds no completed run: run jobs/run.sh --output " + output);
            }
            return catalog;
        } catch (IOException e) {
            throw new NoOutputs("cannot read " + output + ": " + e.getMessage());
        }
    }

    /** The outputs a run has just published, before its summary is written (the job's --database). */
    public static OutputCatalog ofPublished(SparkSession spark, OutputStore store) throws IOException {
        Path root = store.root();
        return new OutputCatalog(spark, root.getFileSystem(spark.sparkContext().hadoopConfiguration()), root);
    }

    public Path root() {
        return root;
    }

    /** The Parquet tables present in the folder, as one consistent set (see {@link PublishedTables}). */
    public List<OutputTable> parquetTables() {
        return published.tables().stream().filter(t -> !t.internal()).toList();
    }

    public String location(OutputTable table) {
        return published.location(table).toString();
    }

    /**
     * True while the tables this catalog resolved are still where it found them: a reader checks
     * it after reading, and reads again when a publish moved a table meanwhile.
     */
    public boolean unchanged() throws IOException {
        return PublishedTables.resolve(fs, root).state().equals(published.state());
    }

    /**
     * Registers every table present as a temporary view; returns their names. Each is read with the
     * columns the run that published it wrote (its summary says them), so that registering does not
     * run a Spark job per table to infer them from the files' footers.
     */
    public List<String> registerViews() throws IOException {
        return registerViews(name -> true);
    }

    /**
     * Registers the tables present whose names {@code wanted} accepts (a query registers only the
     * tables it names: each registration lists the table's files); returns the names of all the
     * tables present.
     */
    public List<String> registerViews(Predicate<String> wanted) throws IOException {
        Map<String, StructType> written = writtenColumns();
        for (OutputTable t : parquetTables()) {
            if (wanted.test(t.name())) {
                StructType columns = written.get(t.path());
                (columns == null ? spark.read() : spark.read().schema(columns)).parquet(location(t))
                        .createOrReplaceTempView(t.name());
            }
        }
        if (wanted.test(OutputTable.RUNS.name())) {
            runs().createOrReplaceTempView(OutputTable.RUNS.name());
        }
        return tableNames();
    }

    /** The names of the tables present, the runs table last. */
    public List<String> tableNames() {
        List<String> names = new ArrayList<>();
        for (OutputTable t : parquetTables()) {
            names.add(t.name());
        }
        names.add(OutputTable.RUNS.name());
        return names;
    }

    /** The columns of each table (by path) as the latest run wrote them; empty for an output from before they were kept. */
    private Map<String, StructType> writtenColumns() throws IOException {
        String json = published.pendingSummary();
        List<Path> summaries = published.runSummaries();
        if (json == null && !summaries.isEmpty()) {
            try (InputStream in = fs.open(summaries.get(summaries.size() - 1))) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Map<String, StructType> out = new LinkedHashMap<>();
        RunSummary latest = json == null ? null : RunSummary.fromJson(json);
        if (latest != null && latest.outputs() != null) {
            for (RunSummary.TableWritten w : latest.outputs()) {
                if (w.columns() != null) {
                    out.put(w.table(), w.columns());
                }
            }
        }
        return out;
    }

    /**
     * Registers every Parquet table present as an external table {@code database.name} in the
     * session's catalog, replacing an earlier registration (dropping an external table leaves its
     * files alone). Partitioned tables get their partitions recovered.
     */
    public List<String> registerTables(String database) throws IOException {
        spark.sql("CREATE DATABASE IF NOT EXISTS `" + database + "`");
        List<String> names = new ArrayList<>();
        for (OutputTable t : parquetTables()) {
            String name = "`" + database + "`.`" + t.name() + "`";
            spark.sql("DROP TABLE IF EXISTS " + name);
            spark.sql("CREATE TABLE " + name + " USING parquet LOCATION '" + location(t).replace("'", "\\'") + "'");
            if (t.partitionedByPeriodType()) {
                spark.sql("ALTER TABLE " + name + " RECOVER PARTITIONS");
            }
            names.add(database + "." + t.name());
        }
        return names;
    }

    /** The columns of the runs table, in the order {@link #runs} lays out its rows. */
    public static final StructType RUNS_COLUMNS = StructType.fromDDL("run_id STRING, status STRING, "
            + "started_at STRING, finished_at STRING, input STRING, mode STRING, record_type STRING, "
            + "supplied BOOLEAN, files INT, files_parsed INT, input_bytes BIGINT, records_read BIGINT, "
            + "accepted BIGINT, quarantined BIGINT, duplicates BIGINT");

    /**
     * runs/*.json, one row per run and record type, in the columns of the data dictionary (with the
     * run whose publish is under way, whose tables the catalog shows).
     */
    public Dataset<Row> runs() throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (Path file : published.runSummaries()) {
            try (InputStream in = fs.open(file)) {
                summaries.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        if (published.pendingSummary() != null) {
            summaries.add(published.pendingSummary());
        }
        for (String json : summaries) {
            RunSummary run = RunSummary.fromJson(json);
            for (Map.Entry<String, RunSummary.TypeCounts> e : run.recordTypes().entrySet()) {
                RunSummary.TypeCounts c = e.getValue();
                rows.add(RowFactory.create(run.runId(), run.status(), run.startedAt(), run.finishedAt(), run.input(),
                        run.mode() == null ? RunSummary.FULL : run.mode(), e.getKey(), c.supplied(), c.files(),
                        run.mode() == null ? c.files() : c.filesParsed(), c.inputBytes(), c.recordsRead(), c.accepted(),
                        c.quarantined(), c.duplicates()));
            }
        }
        return spark.createDataFrame(rows, RUNS_COLUMNS);
    }

    /** The folder holds no outputs to query: one line for the user. */
    public static final class NoOutputs extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NoOutputs(String message) {
            super(message);
        }
    }
}
