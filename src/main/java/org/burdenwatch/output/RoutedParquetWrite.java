package org.burdenwatch.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.execution.datasources.OutputWriter;
import org.apache.spark.sql.execution.datasources.OutputWriterFactory;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function1;

/**
 * Writes one pass over rows into several Parquet tables at once (a small DataSource V2 sink): each
 * row names its target ({@code _route}, an int) and carries that target's columns as a struct, so
 * validated records go to clean/ or quarantine/ of their type, several types in one Spark job,
 * without keeping or reading the records twice. The files are Spark's own Parquet (its
 * {@link ParquetFileFormat} writer, with the schema's metadata in the footer).
 *
 * <p>Row layout: {@code _route int, <struct columns>, _tallies array<struct<…>>}; each target names
 * the struct column its rows are in (targets with the same columns, such as the periods of one
 * table, share one). The distinct values of {@code _tallies} (structs of the caller's choosing: the
 * months that hold records, the reasons of rejected ones, unknown keys of a file), each counted,
 * come back as rows with the rows per target: what the run needs to know of the rows, without
 * reading them again. They are counted from the committed tasks' messages, so a task run twice
 * counts once. A target that receives no row gets one empty file, so that it
 * is a table with its columns (and no rows) for any reader.
 *
 * <p>Each task writes under {@code <target>/_temporary/<attempt>/} and, when Spark lets it commit
 * (one attempt per task), moves its files into the target folder; the job's commit removes the
 * attempts that never committed.
 */
public final class RoutedParquetWrite implements TableProvider {
    public static final String ROUTE = "_route";
    public static final String TALLIES = "_tallies";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();

    /**
     * One table (or partition folder) the rows go to: where, its columns, and what its file names
     * start with after {@code part-} (a period label, so that a later run can tell which files hold
     * which period; empty for none).
     */
    public record Target(String path, String schemaJson, String filePrefix, int column) {
        public static Target of(String path, StructType schema) {
            return new Target(path, schema.json(), "", 1);
        }

        public static Target of(String path, StructType schema, String filePrefix, int column) {
            return new Target(path, schema.json(), filePrefix, column);
        }
    }

    /**
     * What the write did: rows per target, and each distinct tally (a row of the {@code _tallies}
     * struct's fields) with how many times the rows carried it.
     */
    public record Result(long[] rows, Map<Row, Long> tallies) {
    }

    /**
     * Writes rows of the layout above to the targets (each a folder that must not exist yet, or
     * be empty) and returns the rows each received and the distinct tallies.
     */
    public static Result write(Dataset<Row> routed, List<Target> targets) {
        String id = UUID.randomUUID().toString();
        try {
            routed.write().format(RoutedParquetWrite.class.getName()).mode(SaveMode.Append)
                    .option("write_id", id).option("targets", JSON.writeValueAsString(targets)).save();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Result result = RESULTS.remove(id);
        if (result == null) {
            throw new IllegalStateException("the routed write " + id + " finished without committing");
        }
        return result;
    }

    /**
     * Writes a few rows held on the driver (reference data, the ledger, an empty table) as one
     * Parquet file of a target, with Spark's writer but without a Spark job. Returns the rows written.
     */
    public static long writeLocal(Target target, List<Row> rows) {
        SparkSession spark = SparkSession.active();
        StructType schema = (StructType) DataType.fromJson(target.schemaJson());
        try {
            Job job = Job.getInstance(new Configuration(spark.sparkContext().hadoopConfiguration()));
            OutputWriterFactory factory = new ParquetFileFormat().prepareWrite(spark, job,
                    scala.collection.immutable.Map$.MODULE$.empty(), schema);
            TaskAttemptContext context = new TaskAttemptContextImpl(job.getConfiguration(),
                    new TaskAttemptID(new TaskID("local", 0, TaskType.MAP, 0), 0));
            Path file = new Path(target.path(), "part-" + target.filePrefix() + "00000-local-" + UUID.randomUUID()
                    + factory.getFileExtension(context));
            scala.Function1<Object, Object> toCatalyst =
                    CatalystTypeConverters.createToCatalystConverter(schema);
            OutputWriter writer = factory.newInstance(file.toString(), schema, context);
            try {
                for (Row r : rows) {
                    writer.write((InternalRow) toCatalyst.apply(r));
                }
            } finally {
                writer.close();
            }
            return rows.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return new StructType();
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new Sink(schema, new CaseInsensitiveStringMap(properties));
    }

    private static final class Sink implements SupportsWrite {
        private final StructType schema;
        private final CaseInsensitiveStringMap options;

        Sink(StructType schema, CaseInsensitiveStringMap options) {
            this.schema = schema;
            this.options = options;
        }

        @Override
        public String name() {
            return "routed parquet write";
        }

        @Override
        public StructType schema() {
            return schema;
        }

        @Override
        public Set<TableCapability> capabilities() {
            return EnumSet.of(TableCapability.BATCH_WRITE, TableCapability.ACCEPT_ANY_SCHEMA);
        }

        @Override
        public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
            return new WriteBuilder() {
                @Override
                public Write build() {
                    return new Write() {
                        @Override
                        public BatchWrite toBatch() {
                            return new Batch(info.schema(), options);
                        }
                    };
                }
            };
        }
    }

    /** The job: prepares Spark's Parquet writer per target on the driver, commits or aborts. */
    private static final class Batch implements BatchWrite {
        private final String id;
        private final List<Target> targets;
        private final StructType input;

        Batch(StructType input, CaseInsensitiveStringMap options) {
            this.id = options.get("write_id");
            this.input = input;
            try {
                this.targets = JSON.readValue(options.get("targets"), new TypeReference<List<Target>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }

        @Override
        public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
            SparkSession spark = SparkSession.active();
            Configuration base = spark.sparkContext().hadoopConfiguration();
            // Spark's Parquet writer is prepared once per distinct schema (the periods of a table share one)
            List<SerializableConfiguration> confs = new ArrayList<>();
            List<OutputWriterFactory> factories = new ArrayList<>();
            Map<String, Integer> bySchema = new HashMap<>();
            int[] prepared = new int[targets.size()];
            int[] widths = new int[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                StructType schema = (StructType) DataType.fromJson(targets.get(i).schemaJson());
                widths[i] = schema.size();
                Integer at = bySchema.get(targets.get(i).schemaJson());
                if (at == null) {
                    try {
                        Job job = Job.getInstance(new Configuration(base));
                        factories.add(new ParquetFileFormat().prepareWrite(spark, job,
                                scala.collection.immutable.Map$.MODULE$.empty(), schema));
                        confs.add(new SerializableConfiguration(job.getConfiguration()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    at = factories.size() - 1;
                    bySchema.put(targets.get(i).schemaJson(), at);
                }
                prepared[i] = at;
            }
            Broadcast<List<SerializableConfiguration>> shared = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(confs);
            List<String> paths = targets.stream().map(Target::path).toList();
            List<String> schemas = targets.stream().map(Target::schemaJson).toList();
            List<String> prefixes = targets.stream().map(Target::filePrefix).toList();
            int[] columns = targets.stream().mapToInt(Target::column).toArray();
            int tallies = input.getFieldIndex(TALLIES).isDefined() ? input.fieldIndex(TALLIES) : -1;
            return new Factory(id, paths, schemas, prefixes, columns, widths, prepared, factories, shared, tallies,
                    tallies < 0 ? null : tallyType().json());
        }

        /** The struct type of a tally (a string when the column is null-typed). */
        private StructType tallyType() {
            DataType element = ((ArrayType) input.apply(TALLIES).dataType()).elementType();
            return element instanceof StructType struct ? struct : new StructType().add("value", element);
        }

        @Override
        public void commit(WriterCommitMessage[] messages) {
            long[] rows = new long[targets.size()];
            Map<Row, Long> tallies = new HashMap<>();
            Function1<Object, Object> toRow = input.getFieldIndex(TALLIES).isDefined()
                    ? CatalystTypeConverters.createToScalaConverter(tallyType()) : null;
            for (WriterCommitMessage m : messages) {
                Committed c = (Committed) m;
                for (int i = 0; i < rows.length; i++) {
                    rows[i] += c.rows()[i];
                }
                c.tallies().forEach((k, v) -> tallies.merge((Row) toRow.apply(k), v, Long::sum));
            }
            removeTemporary();
            // a folder no row went to gets an empty file, once: the table exists, with no rows (the years
            // of a table laid out by year share its folder, and a year without rows has no file)
            Set<String> filled = new HashSet<>();
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] > 0) {
                    filled.add(targets.get(i).path());
                }
            }
            for (int i = 0; i < rows.length; i++) {
                if (filled.add(targets.get(i).path())) {
                    writeEmpty(i);
                }
            }
            RESULTS.put(id, new Result(rows, Map.copyOf(tallies)));
        }

        /** An empty Parquet file with the target's columns: the table exists, with no rows. */
        private void writeEmpty(int target) {
            writeLocal(targets.get(target), List.of());
        }

        @Override
        public void abort(WriterCommitMessage[] messages) {
            Configuration conf = SparkSession.active().sparkContext().hadoopConfiguration();
            for (WriterCommitMessage m : messages) {
                if (m instanceof Committed c) {
                    for (String file : c.files()) {
                        delete(new Path(file), conf);
                    }
                }
            }
            removeTemporary();
        }

        private void removeTemporary() {
            Configuration conf = SparkSession.active().sparkContext().hadoopConfiguration();
            for (Target t : targets) {
                delete(new Path(new Path(t.path()), "_temporary"), conf);
            }
        }

        private static void delete(Path path, Configuration conf) {
            try {
                FileSystem fs = path.getFileSystem(conf);
                if (fs.exists(path)) {
                    fs.delete(path, true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What a task committed: its files, rows per target, and its tallies counted. */
    private record Committed(List<String> files, long[] rows, Map<InternalRow, Long> tallies)
            implements WriterCommitMessage {
    }

    private record Factory(String id, List<String> paths, List<String> schemas, List<String> prefixes, int[] columns,
                           int[] widths, int[] prepared,
                           List<OutputWriterFactory> factories,
                           Broadcast<List<SerializableConfiguration>> confs, int tallies, String tallyJson)
            implements DataWriterFactory, Serializable {
        @Override
        public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
            return new Writer(this, partitionId, taskId);
        }
    }

    /** One task: a Parquet writer per target it has rows for, opened on its first row. */
    private static final class Writer implements DataWriter<InternalRow> {
        /** Distinct tallies counted per task; beyond this many, new ones are not collected. */
        private static final int MAX_TALLIES = 100_000;
        private final Factory f;
        private final int partitionId;
        private final long taskId;
        private final String attempt = UUID.randomUUID().toString();
        private final OutputWriter[] writers;
        private final TaskAttemptContext[] contexts;
        private final long[] rows;
        private final Map<InternalRow, Long> tallies = new HashMap<>();
        /** A tally as an unsafe row of its own (interpreted evaluation gives generic rows): one kind of key. */
        private final UnsafeProjection tally;
        private final int tallyWidth;

        Writer(Factory f, int partitionId, long taskId) {
            this.f = f;
            this.partitionId = partitionId;
            this.taskId = taskId;
            this.writers = new OutputWriter[f.paths().size()];
            this.contexts = new TaskAttemptContext[writers.length];
            this.rows = new long[writers.length];
            StructType type = f.tallyJson() == null ? null : (StructType) DataType.fromJson(f.tallyJson());
            this.tally = type == null ? null : UnsafeProjection.create(type);
            this.tallyWidth = type == null ? 0 : type.size();
        }

        @Override
        public void write(InternalRow row) throws IOException {
            if (f.tallies() >= 0 && !row.isNullAt(f.tallies())) {
                ArrayData a = row.getArray(f.tallies());
                for (int i = 0; i < a.numElements(); i++) {
                    if (!a.isNullAt(i)) {
                        InternalRow t = tally.apply(a.getStruct(i, tallyWidth));
                        Long n = tallies.get(t);
                        if (n != null) {
                            tallies.put(t, n + 1);
                        } else if (tallies.size() < MAX_TALLIES) {
                            tallies.put(t.copy(), 1L);
                        }
                    }
                }
            }
            if (row.isNullAt(0)) {
                return; // a row that only carries tallies
            }
            int route = row.getInt(0);
            writer(route).write(row.getStruct(f.columns()[route], f.widths()[route]));
            rows[route]++;
        }

        private OutputWriter writer(int route) {
            if (writers[route] == null) {
                Configuration conf = f.confs().value().get(f.prepared()[route]).value();
                TaskAttemptID id = new TaskAttemptID(new TaskID("routed", 0, TaskType.MAP, partitionId),
                        TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber());
                contexts[route] = new TaskAttemptContextImpl(conf, id);
                OutputWriterFactory factory = f.factories().get(f.prepared()[route]);
                String name = String.format("part-%s%05d-%d-%s%s", f.prefixes().get(route), partitionId, taskId,
                        attempt, factory.getFileExtension(contexts[route]));
                Path tmp = new Path(new Path(new Path(f.paths().get(route), "_temporary"), attempt), name);
                writers[route] = factory.newInstance(tmp.toString(),
                        (StructType) DataType.fromJson(f.schemas().get(route)), contexts[route]);
            }
            return writers[route];
        }

        @Override
        public WriterCommitMessage commit() throws IOException {
            List<String> files = new ArrayList<>();
            for (int r = 0; r < writers.length; r++) {
                if (writers[r] == null) {
                    continue;
                }
                writers[r].close();
                Path tmp = new Path(writers[r].path());
                Path target = new Path(f.paths().get(r), tmp.getName());
                FileSystem fs = tmp.getFileSystem(contexts[r].getConfiguration());
                fs.mkdirs(target.getParent());
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot move " + tmp + " to " + target);
                }
                files.add(target.toString());
                writers[r] = null;
            }
            return new Committed(files, rows.clone(), Map.copyOf(tallies));
        }

        @Override
        public void abort() throws IOException {
            for (int r = 0; r < writers.length; r++) {
                if (writers[r] != null) {
                    Path tmp = new Path(writers[r].path());
                    try {
                        writers[r].close();
                    } finally {
                        tmp.getFileSystem(contexts[r].getConfiguration()).delete(tmp, false);
                    }
                    writers[r] = null;
                }
            }
        }

        @Override
        public void close() {
        }
    }
}
