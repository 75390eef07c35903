package org.burdenwatch.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every Spark setting the job chooses for itself, in one place, each with the measurement behind
 * it (docs/performance.md has the method and the runs). A setting the user gave (spark-submit,
 * {@code --conf}, {@code jobs/run.sh}'s environment) is always left as it is.
 *
 * <p>Chosen from the input's size, once a run is admitted: shuffle partitions, adaptive execution,
 * interpreted or generated evaluation, memory page size ({@link #forInput}); from the division ×
 * period grid, for the indicator tables ({@link #indicatorTables}). Helpers for small data: a task a
 * core for small files ({@link #fewTasks}), at most n rows in one Spark job ({@link #takeAtMost}).
 */
public final class SparkTuning {
    /** Inputs at most this large (bytes) run without adaptive query execution: its extra stages cost more than they save. */
    public static final long SMALL_INPUT_BYTES = 256L << 20;
    /** Inputs up to this size are evaluated without code generation (see {@link #forInput}). */
    public static final long INTERPRETED_INPUT_BYTES = 32L << 20;
    /** Above this many division-periods, the indicator tables use generated projections even for a small input. */
    public static final long INTERPRETED_GRID_ROWS = 50_000;
    /** Types parsing at most this many bytes together are read in a task a core, not a task a file. */
    public static final long FEW_TASKS_BYTES = 32L << 20;

    /**
     * The widest operator of the indicator tables that keeps whole-stage generated code: the facts'
     * sums and the grid's join (≈ 45 columns) do, the year-on-year window and the rates (≈ 130) do
     * not. Measured at 2M task rows (CPU seconds of the county + township tables, one run each):
     * 165 with no whole-stage code, 141 with 30, 127 with 50, 167 with Spark's default of 100.
     */
    public static final int WIDE_OPERATOR_FIELDS = 50;

    /**
     * Lower-casing (enum spellings, booleans) and upper-casing (a timestamp's {@code z}) with the
     * JVM's case mappings, not ICU's: Spark's ICU path initialises a title-case table over every
     * code point (ICU break iterators included) on its first call in each JVM: about 2 s
     * (src/tools CaseMappingCost), in the task that first folds a non-ASCII value. On the 2M tree
     * that was the divisions' task, which every record type waits for: 6.6 s with ICU, 2.5 s
     * without. The validation folds ASCII spellings, where the two mappings agree.
     */
    public static final String JVM_CASE_MAPPINGS = "spark.sql.icu.caseMappings.enabled";

    public static final String PAGE_SIZE = "spark.buffer.pageSize";
    public static final String SMALL_INPUT_PAGE_SIZE = "1m";

    /** Spark's setting of how many partitions the first pass of a limited collect scans. */
    static final String LIMIT_FIRST_PARTITIONS = "spark.sql.limit.initialNumPartitions";

    private final SparkSession spark;
    private final boolean wholeStageChosen;
    private final boolean interpreted;
    private final List<String> notes;

    private SparkTuning(SparkSession spark, boolean wholeStageChosen, boolean interpreted, List<String> notes) {
        this.spark = spark;
        this.wholeStageChosen = wholeStageChosen;
        this.interpreted = interpreted;
        this.notes = List.copyOf(notes);
    }

    /**
     * The settings a session for this input starts with. Spark's memory pages: a hash aggregation
     * or a sort takes one page at its first row, sized from the heap ({@code spark.buffer.pageSize}:
     * 64 MiB with a 4 GiB heap on two cores), so each of a small run's many small aggregations
     * allocated 64 MiB, filling the heap with pages all but empty: the sample spent 2 s of its 22 s
     * in collector pauses, 1 s with 1 MiB pages (docs/performance.md). A page grows for a larger
     * row, and a larger input keeps Spark's size. These can only be set before the session starts,
     * and are left alone when the configuration names them.
     */
    public static Map<String, Object> sessionSettings(long inputBytes, SparkConf conf) {
        if (inputBytes <= INTERPRETED_INPUT_BYTES && !conf.contains(PAGE_SIZE)) {
            return Map.of(PAGE_SIZE, SMALL_INPUT_PAGE_SIZE);
        }
        return Map.of();
    }

    /**
     * Sets the session up for an input of this many bytes, unless the user set it: shuffles sized
     * for the input (about one partition per 64 MiB, at least the cluster's parallelism); adaptive
     * execution off for a small input; and, below {@link #INTERPRETED_INPUT_BYTES}, Catalyst's
     * expressions interpreted, since generating and compiling Java for every query costs seconds
     * that a small input never earns back. Case folded with the JVM's mappings
     * ({@link #JVM_CASE_MAPPINGS}). Returns what was chosen, with a note for the run summary per choice.
     */
    public static SparkTuning forInput(SparkSession spark, long inputBytes) {
        SparkConf conf = spark.sparkContext().getConf();
        List<String> notes = new ArrayList<>();
        spark.conf().set(JVM_CASE_MAPPINGS, "false");
        if (!conf.contains("spark.sql.shuffle.partitions")) {
            long byVolume = (inputBytes + (64L << 20) - 1) / (64L << 20);
            int partitions = (int) Math.min(2000, Math.max(spark.sparkContext().defaultParallelism(), byVolume));
            spark.conf().set("spark.sql.shuffle.partitions", partitions);
            notes.add("spark.sql.shuffle.partitions = " + partitions + " for " + (inputBytes >> 20) + " MiB of input");
        }
        if (!conf.contains("spark.sql.adaptive.enabled")) {
            spark.conf().set("spark.sql.adaptive.enabled", inputBytes > SMALL_INPUT_BYTES);
        }
        boolean wholeStageChosen = false;
        boolean interpreted = false;
        if (!conf.contains("spark.sql.codegen.wholeStage") && !conf.contains("spark.sql.codegen.factoryMode")) {
            interpreted = inputBytes <= INTERPRETED_INPUT_BYTES;
            wholeStageChosen = !interpreted;
            spark.conf().set("spark.sql.codegen.wholeStage", !interpreted);
            spark.conf().set("spark.sql.codegen.factoryMode", interpreted ? "NO_CODEGEN" : "FALLBACK");
            if (interpreted) {
                notes.add("interpreted evaluation (no code generation) for " + (inputBytes >> 20) + " MiB of input");
            }
        }
        if (SMALL_INPUT_PAGE_SIZE.equals(conf.get(PAGE_SIZE, null))) {
            notes.add(PAGE_SIZE + " = " + SMALL_INPUT_PAGE_SIZE + " for " + (inputBytes >> 20) + " MiB of input");
        }
        return new SparkTuning(spark, wholeStageChosen, interpreted, notes);
    }

    /** What was chosen, said for the run summary. */
    public List<String> notes() {
        return notes;
    }

    /**
     * Computes the indicator tables ({@code tables}) with the setting their width calls for, then
     * sets it back. They are wide (≈ 130 columns computed per row of the division × period grid):
     * whole-stage generated code for those operators is one method too big for the JIT to compile
     * well, where per-expression generated projections are not (2M task rows: the township table's
     * stage 50 s → 18 s). Their narrower operators (the facts' sums, the grid and its join, up to
     * {@link #WIDE_OPERATOR_FIELDS} columns) keep whole-stage code (2M task rows: the county and
     * township tables 165 → 127 CPU-s). Their size follows the divisions, not the input's bytes: a
     * small input interpreted still gets generated projections here when its division list makes
     * the grid ({@code gridRows} division-periods) large (20,000 tasks with 40,000 divisions: over
     * 10 minutes → 2).
     */
    public void indicatorTables(long gridRows, Runnable tables) {
        String[] setting = indicatorTablesSetting(wholeStageChosen, interpreted, gridRows);
        if (setting == null) {
            tables.run();
            return;
        }
        String before = spark.conf().get(setting[0]);
        spark.conf().set(setting[0], setting[1]);
        try {
            tables.run();
        } finally {
            spark.conf().set(setting[0], before);
        }
    }

    /** The note for the run summary when {@link #indicatorTables} departs from the input's choice, else null. */
    public String indicatorTablesNote(long gridRows) {
        return interpreted && indicatorTablesSetting(false, true, gridRows) != null
                ? "generated projections for the indicator tables: a grid of " + gridRows + " division-periods" : null;
    }

    /**
     * The setting (key, value) the indicator tables are written with, or null for the job's own: no
     * whole-stage code for their wide operators when the job chose code generation (Spark leaves an
     * operator with more than {@code spark.sql.codegen.maxFields} input or output columns out of
     * whole-stage code); generated projections when it chose interpreted evaluation for a small
     * input but the division × period grid is large.
     */
    static String[] indicatorTablesSetting(boolean wholeStageChosen, boolean interpreted, long gridRows) {
        if (wholeStageChosen) {
            return new String[] {"spark.sql.codegen.maxFields", String.valueOf(WIDE_OPERATOR_FIELDS)};
        }
        if (interpreted && gridRows > INTERPRETED_GRID_ROWS) {
            return new String[] {"spark.sql.codegen.factoryMode", "FALLBACK"};
        }
        return null;
    }

    /**
     * The rows of small inputs ({@code bytes} together at most {@link #FEW_TASKS_BYTES}) in a task a
     * core: a union of scans is a task a file (the sample's small types: 11 tasks, then 12 to count
     * their keys), and each task deserialises the plan of every type in the union.
     */
    public static Dataset<Row> fewTasks(SparkSession spark, Dataset<Row> rows, long bytes) {
        // a coalesce to more partitions than there are leaves them as they are
        return bytes <= FEW_TASKS_BYTES ? rows.coalesce(spark.sparkContext().defaultParallelism()) : rows;
    }

    /**
     * At most {@code n} rows of a Dataset, in one Spark job: a limited collect scans one partition
     * first and then more, a job each (two more jobs on the sample); here its first pass scans every
     * partition, each returning at most n rows. A value the user set is left as it is.
     */
    public static List<Row> takeAtMost(SparkSession spark, Dataset<Row> rows, int n) {
        if (spark.conf().get(LIMIT_FIRST_PARTITIONS, null) != null) {
            return rows.limit(n).collectAsList();
        }
        spark.conf().set(LIMIT_FIRST_PARTITIONS, Integer.MAX_VALUE / 8);
        try {
            return rows.limit(n).collectAsList();
        } finally {
            spark.conf().unset(LIMIT_FIRST_PARTITIONS);
        }
    }

    /**
     * Whether a Dataset has no rows, in one Spark job ({@link #takeAtMost}): {@code Dataset.isEmpty}
     * scans one partition, then four, then more, a job each, until it finds a row; an empty result
     * of 16 partitions took three jobs.
     */
    public static boolean isEmpty(SparkSession spark, Dataset<Row> rows) {
        return takeAtMost(spark, rows, 1).isEmpty();
    }
}
