package org.burdenwatch.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.records.RecordType;

/**
 * The input files of one record type as a Spark source (DataSource V2): one row per record, with
 * its file, line, raw text (redacted, or null when its fields could not be located), the length
 * and digest of a record whose text is not kept, the problems met while reading it, its unknown
 * JSON keys, and the text of each field of the type (a column per field, named by it). Each file (each
 * sheet of a workbook) is one input partition, read by {@link RecordReader} on an executor and turned straight into
 * Spark's internal rows; validation is then Catalyst's work ({@code validation.RecordValidation}).
 *
 * <pre>RecordFileSource.read(spark, RecordType.DOCUMENTS, files, redaction)</pre>
 *
 * Given {@code lines} (file → line numbers), only those records are returned: how the raw text of
 * a few records (repeats of a natural key) is fetched again without keeping every record's text.
 */
public final class RecordFileSource implements TableProvider {
    public static final String PROBLEMS = "problems";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "type";
    private static final String FILES = "files";
    private static final String NAME_COLUMNS = "name_columns";
    private static final String LINES = "lines";
    private static final String MAX_LINE_BYTES = "max_line_bytes";

    /** The rows of the files of a type. */
    public static Dataset<Row> read(SparkSession spark, RecordType type, List<SourceFile> files, Redaction redaction) {
        return read(spark, type, files, redaction, null, TargetsFile.DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Only the given lines of the given files (file path → line numbers; null: all), a line longer
     * than {@code maxLineBytes} read past as {@code line_too_long}.
     */
    public static Dataset<Row> read(SparkSession spark, RecordType type, List<SourceFile> files, Redaction redaction,
                                    Map<String, ? extends Set<Long>> lines, int maxLineBytes) {
        try {
            var reader = spark.read().format(RecordFileSource.class.getName())
                    .option(TYPE, type.name())
                    .option(MAX_LINE_BYTES, maxLineBytes)
                    .option(FILES, JSON.writeValueAsString(files))
                    .option(NAME_COLUMNS, JSON.writeValueAsString(List.copyOf(redaction.nameColumns())));
            if (lines != null) {
                reader = reader.option(LINES, JSON.writeValueAsString(lines));
            }
            return reader.load();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The columns of a type's rows. */
    public static StructType schema(RecordType type) {
        StructType s = new StructType()
                .add("source_file", DataTypes.StringType, false)
                .add("source_line", DataTypes.LongType, false)
                .add("raw", DataTypes.StringType, true)
                .add("raw_length", DataTypes.LongType, false)
                .add("raw_sha256", DataTypes.StringType, true)
                .add(PROBLEMS, DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add("unknown_keys", DataTypes.createArrayType(DataTypes.StringType, false), false);
        for (Field f : type.fields()) {
            s = s.add(f.name(), DataTypes.StringType, true);
        }
        return s;
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return schema(RecordType.valueOf(options.get(TYPE)));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new FilesTable(new CaseInsensitiveStringMap(properties));
    }

    /** The table of one record type's files. */
    private static final class FilesTable implements SupportsRead {
        private final RecordType type;
        private final CaseInsensitiveStringMap options;

        FilesTable(CaseInsensitiveStringMap options) {
            this.type = RecordType.valueOf(options.get(TYPE));
            this.options = options;
        }

        @Override
        public String name() {
            return "input files of " + type.folder();
        }

        @Override
        public StructType schema() {
            return RecordFileSource.schema(type);
        }

        @Override
        public Set<TableCapability> capabilities() {
            return EnumSet.of(TableCapability.BATCH_READ);
        }

        @Override
        public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
            return () -> new FilesScan(type, this.options);
        }
    }

    /** One scan: a partition per file. */
    private static final class FilesScan implements Scan, Batch {
        private final RecordType type;
        private final List<SourceFile> files;
        private final List<String> nameColumns;
        private final Map<String, TreeSet<Long>> lines;
        private final int maxLineBytes;

        FilesScan(RecordType type, CaseInsensitiveStringMap options) {
            this.type = type;
            this.maxLineBytes = options.getInt(MAX_LINE_BYTES, TargetsFile.DEFAULT_MAX_LINE_BYTES);
            try {
                this.files = JSON.readValue(options.get(FILES), new TypeReference<List<SourceFile>>() { });
                this.nameColumns = JSON.readValue(options.get(NAME_COLUMNS), new TypeReference<List<String>>() { });
                this.lines = options.containsKey(LINES)
                        ? JSON.readValue(options.get(LINES), new TypeReference<Map<String, TreeSet<Long>>>() { })
                        : null;
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("bad options for " + RecordFileSource.class.getSimpleName(), e);
            }
        }

        @Override
        public StructType readSchema() {
            return RecordFileSource.schema(type);
        }

        @Override
        public String description() {
            return type.folder() + ": " + files.size() + " files";
        }

        @Override
        public Batch toBatch() {
            return this;
        }

        @Override
        public InputPartition[] planInputPartitions() {
            List<InputPartition> parts = new ArrayList<>();
            for (SourceFile f : files) {
                TreeSet<Long> wanted = lines == null ? null : lines.get(f.path());
                if (lines == null || (wanted != null && !wanted.isEmpty())) {
                    parts.add(new FilePartition(f, wanted));
                }
            }
            return parts.toArray(new InputPartition[0]);
        }

        @Override
        public PartitionReaderFactory createReaderFactory() {
            SparkSession spark = SparkSession.active();
            Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
            return new ReaderFactory(conf, new Redaction(nameColumns), maxLineBytes);
        }
    }

    /** One file, and the lines wanted from it (null: all). */
    private record FilePartition(SourceFile file, TreeSet<Long> lines) implements InputPartition {
    }

    private record ReaderFactory(Broadcast<SerializableConfiguration> conf, Redaction redaction, int maxLineBytes)
            implements PartitionReaderFactory, Serializable {
        @Override
        public PartitionReader<InternalRow> createReader(InputPartition partition) {
            FilePartition p = (FilePartition) partition;
            return new FileReader(RecordReader.open(p.file(), conf.value().value(), redaction, maxLineBytes),
                    p.lines());
        }
    }

    /** Turns the records of one file into internal rows. */
    private static final class FileReader implements PartitionReader<InternalRow> {
        private static final GenericArrayData EMPTY = new GenericArrayData(new Object[0]);
        private final RecordReader records;
        private final TreeSet<Long> lines;
        private InternalRow current;

        FileReader(RecordReader records, TreeSet<Long> lines) {
            this.records = records;
            this.lines = lines;
        }

        @Override
        public boolean next() {
            while (records.hasNext()) {
                RawRecord r = records.next();
                if (lines != null && !lines.contains(r.line())) {
                    if (r.line() > lines.last()) {
                        return false;
                    }
                    continue;
                }
                Object[] row = new Object[7 + r.values().length];
                row[0] = UTF8String.fromString(r.sourceFile());
                row[1] = r.line();
                row[2] = r.raw() == null ? null : UTF8String.fromString(r.raw());
                row[3] = r.rawLength();
                row[4] = r.rawSha256() == null ? null : UTF8String.fromString(r.rawSha256());
                row[5] = strings(r.problems());
                row[6] = strings(r.unknownKeys());
                String[] values = r.values();
                for (int i = 0; i < values.length; i++) {
                    row[7 + i] = values[i] == null ? null : UTF8String.fromString(values[i]);
                }
                current = new GenericInternalRow(row);
                return true;
            }
            return false;
        }

        private static GenericArrayData strings(List<String> list) {
            if (list.isEmpty()) {
                return EMPTY;
            }
            Object[] out = new Object[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = UTF8String.fromString(list.get(i));
            }
            return new GenericArrayData(out);
        }

        @Override
        public InternalRow get() {
            return current;
        }

        @Override
        public void close() {
            try {
                records.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
