package org.burdenwatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;

/**
 * What an input root holds, checked on the driver before anything is written: one folder per
 * record type, each file's format, encoding and header. Every problem that stops a run is found
 * here and thrown as a one-line {@link InputProblem}.
 */
public final class InputInventory {
    /** How many leading bytes of a file are read to detect its encoding and parse its header. */
    static final int SAMPLE_BYTES = 1 << 20;

    /** The files of one record type; {@code supplied} is false when its folder is absent. */
    public record TypeInput(RecordType type, boolean supplied, List<SourceFile> files, List<String> ignoredFiles) {
        public long totalBytes() {
            return files.stream().mapToLong(SourceFile::sizeBytes).sum();
        }
    }

    private final Map<RecordType, TypeInput> byType;

    private InputInventory(Map<RecordType, TypeInput> byType) {
        this.byType = byType;
    }

    public TypeInput of(RecordType type) {
        return byType.get(type);
    }

    public long totalBytes() {
        return byType.values().stream().mapToLong(TypeInput::totalBytes).sum();
    }

    /** Lists and inspects every input file under {@code root}. */
    public static InputInventory inspect(Configuration conf, String root) {
        Path rootPath = new Path(root);
        FileSystem fs;
        try {
            fs = rootPath.getFileSystem(conf);
            if (!fs.getFileStatus(rootPath).isDirectory()) {
                throw new InputProblem("input is not a folder: " + root);
            }
        } catch (java.io.FileNotFoundException e) {
            throw new InputProblem("input folder not found: " + root);
        } catch (IOException e) {
            throw new InputProblem("cannot read input folder " + root + ": " + e.getMessage(), e);
        }
        Map<RecordType, TypeInput> byType = new EnumMap<>(RecordType.class);
        for (RecordType type : RecordType.values()) {
            Path folder = new Path(rootPath, type.folder());
            byType.put(type, inspectFolder(fs, folder, type));
        }
        return new InputInventory(byType);
    }

    private static TypeInput inspectFolder(FileSystem fs, Path folder, RecordType type) {
        List<SourceFile> files = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        try {
            if (!fs.exists(folder)) {
                if (type.isRequiredInput()) {
                    throw new InputProblem("required folder missing: " + folder);
                }
                return new TypeInput(type, false, List.of(), List.of());
            }
            List<LocatedFileStatus> statuses = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true);
            while (it.hasNext()) {
                statuses.add(it.next());
            }
            statuses.sort(Comparator.comparing(s -> s.getPath().toString()));
            for (LocatedFileStatus status : statuses) {
                String name = status.getPath().getName();
                if (name.startsWith(".") || name.startsWith("_")) {
                    continue; // hidden files and markers such as _SUCCESS
                }
                FileFormat format = FileFormat.ofFileName(name);
                if (format == null) {
                    ignored.add(status.getPath().toString());
                    continue;
                }
                files.add(inspectFile(fs, status, type, format));
            }
        } catch (IOException e) {
            throw new InputProblem("cannot read " + folder + ": " + e.getMessage(), e);
        }
        return new TypeInput(type, true, files, ignored);
    }

    private static SourceFile inspectFile(FileSystem fs, LocatedFileStatus status, RecordType type, FileFormat format) {
        Path path = status.getPath();
        byte[] head = new byte[(int) Math.min(SAMPLE_BYTES, Math.max(0, status.getLen()))];
        int n = 0;
        try (InputStream in = fs.open(path)) {
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw new InputProblem("cannot read " + path + ": " + e.getMessage(), e);
        }
        TextEncoding.Detected enc = TextEncoding.detect(head, n, n >= status.getLen());
        int[] columnFields = new int[0];
        List<String> unknown = new ArrayList<>();
        if (format == FileFormat.CSV) {
            List<String> header = readHeader(head, n, enc);
            if (header == null) {
                // an empty file: no records, nothing to check
                return new SourceFile(path.toString(), type, format, enc.charset().name(), enc.bomLength(),
                        status.getLen(), status.getModificationTime(), columnFields, unknown);
            }
            columnFields = new int[header.size()];
            boolean[] seen = new boolean[type.fields().size()];
            for (int i = 0; i < header.size(); i++) {
                int f = type.fieldIndexForHeader(header.get(i));
                if (f >= 0 && seen[f]) {
                    f = -1; // a second column for the same field: the first one wins
                }
                columnFields[i] = f;
                if (f < 0) {
                    unknown.add(header.get(i).strip());
                } else {
                    seen[f] = true;
                }
            }
            for (int f = 0; f < seen.length; f++) {
                Field field = type.fields().get(f);
                if (field.isRequired() && !seen[f]) {
                    throw new InputProblem(path + ": required column " + field.label() + " is missing");
                }
            }
        }
        return new SourceFile(path.toString(), type, format, enc.charset().name(), enc.bomLength(), status.getLen(),
                status.getModificationTime(), columnFields, unknown);
    }

    private static List<String> readHeader(byte[] head, int n, TextEncoding.Detected enc) {
        ByteBuffer bytes = ByteBuffer.wrap(head, enc.bomLength(), n - enc.bomLength());
        try (Reader reader = new java.io.StringReader(
                TextEncoding.lenientDecoder(enc.charset()).decode(bytes).toString());
             CsvRecordReader csv = new CsvRecordReader(reader)) {
            CsvRecordReader.CsvRecord first = csv.next();
            return first == null ? null : first.fields();
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
    }

}
