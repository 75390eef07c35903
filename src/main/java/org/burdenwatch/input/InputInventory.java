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

    /**
     * The sources of one record type (a file each, a sheet each of a workbook); {@code supplied} is
     * false when its folder is absent; {@code ignored} names what in it is not read, and why.
     */
    public record TypeInput(RecordType type, boolean supplied, List<SourceFile> files, List<String> ignored) {
        /** The bytes of its files (a workbook's once, however many of its sheets are read). */
        public long totalBytes() {
            return files.stream().collect(java.util.stream.Collectors.toMap(SourceFile::location,
                    SourceFile::sizeBytes, (a, b) -> a)).values().stream().mapToLong(Long::longValue).sum();
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
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (lower.endsWith(".xls")) {
                    throw new InputProblem(status.getPath() + ": an old binary Excel workbook (.xls) is not read; open "
                            + "it in Excel or WPS and save it as .xlsx (Excel 工作簿)");
                }
                FileFormat format = FileFormat.ofFileName(name);
                if (name.startsWith("~$")) {
                    ignored.add(status.getPath() + ": the lock file Excel or WPS keeps beside an open workbook");
                } else if (lower.endsWith(".et") || lower.endsWith(".ods")) {
                    ignored.add(status.getPath() + (lower.endsWith(".et") ? ": a WPS (.et)" : ": an OpenDocument (.ods)")
                            + " spreadsheet is not read; save it as .xlsx");
                } else if (format == null) {
                    ignored.add(status.getPath() + ": not an input format");
                } else if (format == FileFormat.XLSX) {
                    WorkbookSheets.Inspected sheets = WorkbookSheets.inspect(fs, status, type);
                    files.addAll(sheets.sources());
                    ignored.addAll(sheets.ignored());
                } else {
                    files.add(inspectFile(fs, status, type, format));
                }
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
                        status.getLen(), status.getModificationTime(), header, columnFields, unknown, null);
            }
            header = List.copyOf(read);
            ColumnMap map = columnMap(path.toString(), header, type, whyHeaderUnread(samples.get(0)));
            columnFields = map.columnFields();
            unknown = map.unknownColumns();
        }
        return new SourceFile(path.toString(), type, format, enc.encoding(), enc.bomLength(), status.getLen(),
                status.getModificationTime(), header, columnFields, unknown, null);
    }

    /** The field each column of a header names (-1: none), and the columns that name none. */
    record ColumnMap(int[] columnFields, List<String> unknownColumns) {
        /** How many of the type's fields the header names. */
        int fieldsNamed() {
            return (int) java.util.Arrays.stream(columnFields).filter(f -> f >= 0).distinct().count();
        }

        /** The first required field the header does not name, or null. */
        Field missingRequired(RecordType type) {
            boolean[] seen = new boolean[type.fields().size()];
            for (int f : columnFields) {
                if (f >= 0) {
                    seen[f] = true;
                }
            }
            for (int f = 0; f < seen.length; f++) {
                if (type.fields().get(f).isRequired() && !seen[f]) {
                    return type.fields().get(f);
                }
            }
            return null;
        }
    }

    /** Which field each column of a header names, as it stands. */
    static ColumnMap columnsOf(List<String> header, RecordType type) {
        int[] columnFields = new int[header.size()];
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            columnFields[i] = type.fieldIndexForHeader(header.get(i));
            if (columnFields[i] < 0) {
                unknown.add(header.get(i).strip());
            }
        }
        return new ColumnMap(columnFields, unknown);
    }

    /**
     * The fields a header's columns name, checked: a field named by two columns ({@code issuer} and
     * {@code 发文机关}), or a required field named by none, stops the run with one line naming
     * {@code where} ({@code whyMissing} added to the latter).
     */
    static ColumnMap columnMap(String where, List<String> header, RecordType type, String whyMissing) {
        ColumnMap map = columnsOf(header, type);
        int[] columnFields = map.columnFields();
        for (int i = 0; i < columnFields.length; i++) {
            for (int k = 0; k < i && columnFields[i] >= 0; k++) {
                if (columnFields[k] == columnFields[i]) {
                    // which one holds the value is not for us to guess
                    throw new InputProblem(where + ": columns " + header.get(k).strip() + " and "
                            + header.get(i).strip() + " both name the field "
                            + type.fields().get(columnFields[i]).name() + "; keep one");
                }
            }
        }
        Field missing = map.missingRequired(type);
        if (missing != null) {
            throw new InputProblem(where + ": required column " + missing.label() + " is missing" + whyMissing);
        }
        return map;
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
