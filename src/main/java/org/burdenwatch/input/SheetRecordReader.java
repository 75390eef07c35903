package org.burdenwatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.ValueKind;

/**
 * Streams the records of one sheet of an .xlsx workbook (runs on an executor): every row below the
 * header that holds a value is a record, numbered as Excel numbers its rows. Cells are typed as the
 * workbook stores them ({@link Workbook#valueOf}): dates in the workbook's date system, numbers in a
 * code or id field as integer digits, a formula's cached result, booleans; an error value, a
 * formula without a result and a number where a code belongs are problems of their field, and a
 * row crossing a merged area is {@code merged_cell}. The raw text kept is the row's cells joined by
 * tabs, personal columns replaced ({@link Redaction}). A workbook that cannot be read at all is one
 * record, {@code unreadable_workbook}, with the file's size and SHA-256.
 */
final class SheetRecordReader extends PulledRecords {
    private final SourceFile source;
    private final RecordType type;
    private final Workbook workbook;
    private final SheetCells rows;
    private final List<SheetCells.Area> merged;
    private final boolean[] personalColumns;
    private final boolean anyPersonal;
    private final boolean[] identifiers;
    private final boolean[] divisionCodes;
    private final int maxLineBytes;
    private RawRecord unreadable;
    private boolean closed;

    private SheetRecordReader(SourceFile source, Workbook workbook, Redaction redaction, int maxLineBytes)
            throws IOException {
        this.source = source;
        this.type = source.type();
        this.workbook = workbook;
        this.maxLineBytes = maxLineBytes;
        Workbook.Sheet sheet = new Workbook.Sheet(source.sheet().name(), source.sheet().partName());
        long header = source.sheet().headerRow();
        this.merged = workbook.mergedAreas(sheet).stream()
                .filter(a -> a.lastRow() > header && (a.firstRow() != a.lastRow() || a.firstColumn() != a.lastColumn()))
                .toList();
        this.rows = workbook.rows(sheet);
        List<String> names = source.header();
        this.personalColumns = new boolean[names.size()];
        boolean any = false;
        for (int i = 0; i < personalColumns.length; i++) {
            personalColumns[i] = !names.get(i).isBlank() && redaction.isPersonal(type, names.get(i));
            any |= personalColumns[i];
        }
        this.anyPersonal = any;
        this.identifiers = new boolean[type.fields().size()];
        this.divisionCodes = new boolean[type.fields().size()];
        for (int f = 0; f < identifiers.length; f++) {
            identifiers[f] = type.fields().get(f).isIdentifier();
            divisionCodes[f] = type.fields().get(f).kind() == ValueKind.DIVISION_CODE;
        }
    }

    private SheetRecordReader(SourceFile source, RawRecord unreadable) {
        this.source = source;
        this.type = source.type();
        this.workbook = null;
        this.rows = null;
        this.merged = List.of();
        this.personalColumns = new boolean[0];
        this.anyPersonal = false;
        this.identifiers = new boolean[0];
        this.divisionCodes = new boolean[0];
        this.maxLineBytes = 0;
        this.unreadable = unreadable;
    }

    static SheetRecordReader open(SourceFile source, Configuration conf, Redaction redaction, int maxLineBytes) {
        Path path = new Path(source.location());
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (source.sheet().unreadable() != null) {
                return new SheetRecordReader(source, unreadableRecord(source, fs, path));
            }
            Workbook workbook;
            try {
                workbook = Workbook.open(fs, path);
            } catch (Workbook.Unreadable e) {
                // readable when the run was planned: changed since
                throw new IOException(path + " can no longer be read: " + e.getMessage() + "; run again");
            }
            try {
                return new SheetRecordReader(source, workbook, redaction, maxLineBytes);
            } catch (IOException | RuntimeException e) {
                workbook.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source.path(), e);
        }
    }

    /** The one record of a workbook that cannot be read: no text, the file's size and SHA-256. */
    private static RawRecord unreadableRecord(SourceFile source, FileSystem fs, Path path) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
        long length = 0;
        try (InputStream in = new DigestInputStream(fs.open(path), sha)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                length += n;
            }
        }
        return new RawRecord(source.path(), 0, null, length, HexFormat.of().formatHex(sha.digest()),
                new String[source.type().fields().size()], List.of(RawRecordReader.UNREADABLE_WORKBOOK), List.of());
    }

    @Override
    protected String source() {
        return source.path();
    }

    @Override
    protected RawRecord read() throws IOException {
        if (rows == null) {
            RawRecord r = unreadable;
            unreadable = null;
            return r;
        }
        long header = source.sheet().headerRow();
        int[] columnFields = source.columnFields();
        for (SheetCells.Row row = rows.next(); row != null; row = rows.next()) {
            if (row.number() <= header) {
                continue;
            }
            String[] values = new String[type.fields().size()];
            List<String> problems = new ArrayList<>(0);
            List<String> texts = new ArrayList<>();
            boolean blank = true;
            for (SheetCells.Cell cell : row.cells()) {
                int f = cell.column() < columnFields.length ? columnFields[cell.column()] : -1;
                Workbook.Value v = workbook.valueOf(cell, f >= 0 && identifiers[f]);
                while (texts.size() < cell.column()) {
                    texts.add("");
                }
                texts.add(v.text() == null ? "" : v.text());
                blank &= (v.text() == null || v.text().isEmpty()) && v.problem() == null;
                if (f >= 0) {
                    values[f] = v.text();
                    // a division code that is no integer: validation names it (invalid_code), once
                    if (v.problem() != null && !(divisionCodes[f] && Workbook.INVALID_CODE.equals(v.problem()))) {
                        problems.add(v.problem() + ":" + type.fields().get(f).name());
                    }
                }
            }
            if (blank) {
                continue; // a row of empty or merely formatted cells is no record
            }
            for (SheetCells.Area area : merged) {
                if (area.coversRow(row.number())) {
                    problems.add(0, RawRecordReader.MERGED_CELL);
                    break;
                }
            }
            RawRecordReader.controlCharacters(type, values, problems);
            String whole = String.join("\t", texts);
            // a character is at most 3 UTF-8 bytes (a pair of surrogates 4 for 2): most rows need no encoding
            if ((long) whole.length() * 3 > maxLineBytes && whole.getBytes(StandardCharsets.UTF_8).length > maxLineBytes) {
                return new RawRecord(source.path(), row.number(), null, whole.length(), RawRecordReader.sha256(whole),
                        new String[values.length], List.of(RawRecordReader.LINE_TOO_LONG), List.of());
            }
            return new RawRecord(source.path(), row.number(), anyPersonal ? redacted(texts) : whole, whole.length(), null,
                    values, problems, List.of());
        }
        return null;
    }

    /** The row's cells joined by tabs, personal columns replaced. */
    private String redacted(List<String> texts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                s.append('\t');
            }
            boolean personal = i < personalColumns.length && personalColumns[i] && !texts.get(i).isEmpty();
            s.append(personal ? Redaction.REDACTED : texts.get(i));
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (rows != null) {
            rows.close();
        }
        if (workbook != null) {
            workbook.close();
        }
    }
}
