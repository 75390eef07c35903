package org.burdenwatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.TargetsFile;

/**
 * Streams the records of one input file (runs on an executor): decoded with the file's encoding
 * ({@link DecodedLines}), CSV parsed by univocity ({@link CsvRecords}), JSON Lines by Jackson's
 * streaming parser ({@link JsonRecordParser}). Each record keeps its file and line; a record that
 * cannot be read as the format says carries a problem code instead of being dropped; personal values
 * never reach the raw text ({@link Redaction}).
 */
public final class RawRecordReader extends PulledRecords {
    public static final String MALFORMED_JSON = JsonRecordParser.MALFORMED_JSON;
    public static final String COLUMN_COUNT_MISMATCH = "column_count_mismatch";
    public static final String UNTERMINATED_QUOTE = "unterminated_quote";
    public static final String UNDECODABLE_TEXT = "undecodable_text";
    public static final String CONTROL_CHARACTER = "control_character";
    public static final String UNPAIRED_SURROGATE = "unpaired_surrogate";
    /** A line longer than the limit (max_line_bytes): read past, its length and digest kept, not its text. */
    public static final String LINE_TOO_LONG = "line_too_long";
    /** A workbook none of whose sheets can be read: one record for the whole file, its size and digest kept. */
    public static final String UNREADABLE_WORKBOOK = "unreadable_workbook";
    /** A workbook's row that crosses a merged area. */
    public static final String MERGED_CELL = "merged_cell";
    /** Reasons a workbook's cell gives its field instead of the field's own: an error value, a formula without a result. */
    public static final List<String> CELL_PROBLEMS = List.of(Workbook.INVALID_CELL, Workbook.INVALID_FORMULA);

    private final SourceFile file;
    private final RecordType type;
    private final DecodedLines text;
    private final CsvRecords csv;
    private final JsonRecordParser json;
    private final boolean[] personalColumns;
    private final boolean anyPersonalColumn;
    private long lineNumber;
    /** The CSV record read ahead, to place long lines before the records that follow them. */
    private CsvRecords.CsvRecord aheadCsv;
    private boolean csvDone;

    private RawRecordReader(SourceFile file, InputStream in, Redaction redaction, int maxLineBytes) throws IOException {
        this.file = file;
        this.type = file.type();
        long skipped = in.skip(file.bomLength());
        if (skipped != file.bomLength()) {
            throw new IOException("cannot skip byte-order mark of " + file.path());
        }
        this.text = new DecodedLines(in, file.encoding(), maxLineBytes);
        this.personalColumns = new boolean[file.header().size()];
        boolean any = false;
        for (int i = 0; i < personalColumns.length; i++) {
            personalColumns[i] = redaction.isPersonal(type, file.header().get(i));
            any |= personalColumns[i];
        }
        this.anyPersonalColumn = any;
        if (file.format() == FileFormat.CSV) {
            this.csv = new CsvRecords(text);
            this.json = null;
            this.csv.next(); // the header, checked on the driver
        } else {
            this.csv = null;
            this.json = new JsonRecordParser(type, redaction);
        }
    }

    public static RawRecordReader open(SourceFile file, Configuration conf, Redaction redaction) {
        return open(file, conf, redaction, TargetsFile.DEFAULT_MAX_LINE_BYTES);
    }

    /** A reader whose lines longer than {@code maxLineBytes} become {@link #LINE_TOO_LONG} records. */
    public static RawRecordReader open(SourceFile file, Configuration conf, Redaction redaction, int maxLineBytes) {
        Path path = new Path(file.location());
        try {
            return new RawRecordReader(file, path.getFileSystem(conf).open(path), redaction, maxLineBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }

    @Override
    protected RawRecord read() throws IOException {
        return file.format() == FileFormat.CSV ? readCsv() : readJsonLine();
    }

    @Override
    protected String source() {
        return file.path();
    }

    private RawRecord readCsv() {
        if (aheadCsv == null && !csvDone) {
            aheadCsv = csv.next();
            csvDone = aheadCsv == null;
        }
        // a long line the parser read past (as a blank line) comes in its place, before the records after it
        DecodedLines.LongLine longLine = text.longLines().peek();
        if (longLine != null && (aheadCsv == null || longLine.line() < aheadCsv.line())) {
            return tooLong(text.longLines().poll());
        }
        CsvRecords.CsvRecord rec = aheadCsv;
        aheadCsv = null;
        if (rec == null) {
            return null;
        }
        int[] columnFields = file.columnFields();
        String[] values = new String[type.fields().size()];
        List<String> problems = new ArrayList<>(0);
        List<String> fields = rec.fields();
        for (int i = 0; i < fields.size() && i < columnFields.length; i++) {
            if (columnFields[i] >= 0) {
                values[columnFields[i]] = fields.get(i);
            }
        }
        boolean located = true;
        if (rec.unterminatedQuote()) {
            problems.add(UNTERMINATED_QUOTE);
            located = false;
        } else if (fields.size() != columnFields.length) {
            problems.add(COLUMN_COUNT_MISMATCH);
            located = false; // the fields cannot be told apart: which one holds a name is unknown
        }
        if (rec.raw().indexOf('\uFFFD') >= 0) {
            problems.add(UNDECODABLE_TEXT);
        }
        controlCharacters(type, values, problems);
        String raw = !located ? null : anyPersonalColumn ? redactedCsv(fields) : rec.raw();
        return new RawRecord(file.path(), rec.line(), raw, rec.raw().length(), raw == null ? sha256(rec.raw()) : null,
                values, problems, List.of());
    }

    /** The record written again as CSV, personal columns replaced. */
    private String redactedCsv(List<String> fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            String v = personalColumns[i] ? Redaction.REDACTED : fields.get(i);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                s.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                s.append(v);
            }
        }
        return s.toString();
    }

    private RawRecord readJsonLine() throws IOException {
        String line;
        do {
            line = text.nextLine();
            lineNumber++;
            if (line == null) {
                return null;
            }
            if (text.lastLineTooLong() != null) {
                return tooLong(text.longLines().poll());
            }
        } while (line.isBlank());
        JsonRecordParser.Parsed parsed = json.parse(line);
        List<String> problems = new ArrayList<>(parsed.problems());
        if (text.lastLineUndecodable()) {
            problems.add(UNDECODABLE_TEXT);
        }
        controlCharacters(type, parsed.values(), problems);
        return new RawRecord(file.path(), lineNumber, parsed.raw(), line.length(),
                parsed.raw() == null ? sha256(line) : null, parsed.values(), problems, parsed.unknownKeys());
    }

    /** A line too long to hold: no text, no field, its length and digest. */
    private RawRecord tooLong(DecodedLines.LongLine line) {
        return new RawRecord(file.path(), line.line(), null, line.characters(), line.sha256(),
                new String[type.fields().size()], List.of(LINE_TOO_LONG), List.of());
    }

    /**
     * A field holding a NUL or another control character (C0 but tab, line feed and carriage
     * return, DEL, and the C1 controls U+0080–U+009F such as NEL, U+0085) is
     * {@code control_character:<field>}: such characters are not text. One holding half of a
     * surrogate pair (a JSON escape such as {@code \ud800} alone) is {@code unpaired_surrogate:<field>}:
     * it is no character at all, and a Parquet file cannot hold it.
     */
    static void controlCharacters(RecordType type, String[] values, List<String> problems) {
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (v == null) {
                continue;
            }
            boolean control = false;
            boolean unpaired = false;
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                    control = true;
                } else if (Character.isHighSurrogate(c) && k + 1 < v.length() && Character.isLowSurrogate(v.charAt(k + 1))) {
                    k++; // a pair: one character beyond the BMP
                } else if (Character.isSurrogate(c)) {
                    unpaired = true;
                }
            }
            if (control) {
                problems.add(CONTROL_CHARACTER + ":" + type.fields().get(i).name());
            }
            if (unpaired) {
                problems.add(UNPAIRED_SURROGATE + ":" + type.fields().get(i).name());
            }
        }
    }

    /** SHA-256 of a record's text (UTF-8), hex: identifies a line whose text is not kept. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        text.close();
    }
}
