package org.burdenwatch.input;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.records.RecordType;

/**
 * What an input root holds, checked on the driver before anything is written: one folder per
 * record type, each file's format, encoding and header. Every problem that stops a run is found
 * here and thrown as a one-line {@link InputProblem}.
 */
public final class InputInventory {
    /** How many leading bytes of a file are read to detect its encoding and parse its header. */
    static final int SAMPLE_BYTES = 1 << 20;
    /** Besides the head and the tail, this many chunks of a larger file are sampled. */
    static final int MIDDLE_SAMPLES = 8;
    static final int MIDDLE_SAMPLE_BYTES = 64 << 10;

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
        } catch (FileNotFoundException e) {
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
            if ("file".equals(fs.getUri().getScheme())) {
                java.nio.file.Path target = LocalFolderWalk.danglingLink(
                        java.nio.file.Path.of(fs.makeQualified(folder).toUri()));
                if (target != null) {
                    throw new InputProblem(folder + " is a symbolic link to " + target + ", which does not exist (an "
                            + "unmounted share?): the run stops rather than take its records as not supplied");
                }
            }
            if (!fs.exists(folder)) {
                if (type.isRequiredInput()) {
                    throw new InputProblem("required folder missing: " + folder);
                }
                return new TypeInput(type, false, List.of(), List.of());
            }
            List<FileStatus> statuses = new ArrayList<>();
            try {
                if ("file".equals(fs.getUri().getScheme())) {
                    // the local disk: symbolic links checked, not followed blindly (LocalFolderWalk)
                    java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(folder).toUri());
                    java.nio.file.Path root = java.nio.file.Path.of(fs.makeQualified(folder.getParent()).toUri());
                    for (java.nio.file.Path f : LocalFolderWalk.regularFiles(local, root)) {
                        statuses.add(fs.getFileStatus(new Path(f.toUri())));
                    }
                } else {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true);
                    while (it.hasNext()) {
                        statuses.add(it.next());
                    }
                }
            } catch (IllegalArgumentException e) {
                // Hadoop paths are URIs: a name like "2024:06.jsonl" cannot be one
                throw new InputProblem("cannot list " + folder + ": a file name there cannot be read through Hadoop "
                        + "paths (" + e.getMessage() + "); rename it (a ':' in a file name is the usual cause)");
            }
            statuses.sort(Comparator.comparing(s -> s.getPath().toString()));
            for (FileStatus status : statuses) {
                String name = status.getPath().getName();
                if (name.startsWith(".") || name.startsWith("_")) {
                    continue; // hidden files and markers such as _SUCCESS
                }
                if (name.contains(":")) {
                    // Hadoop paths are URIs: the file (and its checksum file) cannot be opened by such a name
                    throw new InputProblem(status.getPath() + ": a file name with ':' cannot be read through Hadoop "
                            + "paths; rename it");
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

    private static SourceFile inspectFile(FileSystem fs, FileStatus status, RecordType type, FileFormat format) {
        Path path = status.getPath();
        List<TextEncoding.Sample> samples = samples(fs, path, status.getLen());
        TextEncoding.Detected enc = TextEncoding.detect(samples);
        int[] columnFields = new int[0];
        List<String> header = List.of();
        List<String> unknown = new ArrayList<>();
        if (format == FileFormat.CSV) {
            TextEncoding.Sample head = samples.get(0);
            List<String> read = readHeader(head, enc);
            if (read == null) {
                // an empty file: no records, nothing to check
                return new SourceFile(path.toString(), type, format, enc.encoding(), enc.bomLength(),
                        status.getLen(), status.getModificationTime(), header, columnFields, unknown);
            }
            header = List.copyOf(read);
            columnFields = new int[header.size()];
            boolean[] seen = new boolean[type.fields().size()];
            for (int i = 0; i < header.size(); i++) {
                int f = type.fieldIndexForHeader(header.get(i));
                if (f >= 0 && seen[f]) {
                    // which one holds the value is not for us to guess
                    int first = -1;
                    for (int k = 0; k < i && first < 0; k++) {
                        first = columnFields[k] == f ? k : -1;
                    }
                    throw new InputProblem(path + ": columns " + header.get(first).strip() + " and "
                            + header.get(i).strip() + " both name the field " + type.fields().get(f).name()
                            + "; keep one");
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
                    throw new InputProblem(path + ": required column " + field.label() + " is missing"
                            + whyHeaderUnread(samples.get(0)));
                }
            }
        }
        return new SourceFile(path.toString(), type, format, enc.encoding(), enc.bomLength(), status.getLen(),
                status.getModificationTime(), header, columnFields, unknown);
    }

    /**
     * Why a header may not have been read as the columns it holds, when the file shows a cause: the
     * line endings of classic Mac OS (CR alone: the whole file is one line), or UTF-16 (every other
     * byte zero). Empty when none shows.
     */
    static String whyHeaderUnread(TextEncoding.Sample head) {
        byte[] b = head.bytes();
        int n = Math.min(head.length(), b.length);
        int zeros = 0;
        boolean cr = false;
        boolean lf = false;
        for (int i = 0; i < n; i++) {
            zeros += b[i] == 0 ? 1 : 0;
            cr |= b[i] == '\r';
            lf |= b[i] == '\n';
        }
        if (n >= 2 && ((b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE
                || (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) || zeros > n / 4) {
            return " (the file looks like UTF-16: save it as UTF-8 or GB18030, e.g. \"CSV UTF-8\" in Excel)";
        }
        if (cr && !lf) {
            return " (its lines end with CR alone, as on classic Mac OS: save it with Windows or Unix line endings)";
        }
        return "";
    }

    /**
     * Pieces of a file to detect its encoding from: its first MiB, and for a larger file its last
     * MiB and chunks spread between, so that a file whose head happens to be plain ASCII is judged
     * by its text, not by its head alone.
     */
    private static List<TextEncoding.Sample> samples(FileSystem fs, Path path, long length) {
        List<TextEncoding.Sample> samples = new ArrayList<>();
        try (FSDataInputStream in = fs.open(path)) {
            samples.add(sample(in, 0, (int) Math.min(SAMPLE_BYTES, length), length));
            if (length > SAMPLE_BYTES) {
                long middle = length - 2L * SAMPLE_BYTES;
                for (int i = 1; i <= MIDDLE_SAMPLES && middle > 0; i++) {
                    long at = SAMPLE_BYTES + middle * i / (MIDDLE_SAMPLES + 1);
                    samples.add(sample(in, at, (int) Math.min(MIDDLE_SAMPLE_BYTES, length - at), length));
                }
                long tail = Math.max(SAMPLE_BYTES, length - SAMPLE_BYTES);
                samples.add(sample(in, tail, (int) (length - tail), length));
            }
        } catch (IOException e) {
            throw new InputProblem("cannot read " + path + ": " + e.getMessage(), e);
        }
        return samples;
    }

    private static TextEncoding.Sample sample(FSDataInputStream in, long at, int size, long length)
            throws IOException {
        byte[] bytes = new byte[size];
        in.readFully(at, bytes, 0, size);
        return new TextEncoding.Sample(bytes, size, at == 0, at + size >= length);
    }

    private static List<String> readHeader(TextEncoding.Sample head, TextEncoding.Detected enc) {
        InputStream bytes = new ByteArrayInputStream(head.bytes(), enc.bomLength(),
                head.length() - enc.bomLength());
        try (CsvRecords csv = new CsvRecords(new DecodedLines(bytes, enc.encoding()))) {
            CsvRecords.CsvRecord first = csv.next();
            return first == null ? null : first.fields();
        }
    }
}
