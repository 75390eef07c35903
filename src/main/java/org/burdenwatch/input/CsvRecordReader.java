package org.burdenwatch.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader that keeps what quarantine needs: the physical line a record starts on
 * and its raw text. Quoted fields may hold commas, doubled quotes and line breaks; a quote inside
 * an unquoted field is kept as text; blank lines are skipped.
 */
public final class CsvRecordReader implements Closeable {
    /** One record: its fields, the 1-based line it starts on, its raw text (without line break). */
    public record CsvRecord(List<String> fields, long line, String raw, boolean unterminatedQuote) {
    }

    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int length;
    private int position;
    private long line = 1;
    private boolean pendingCarriageReturn;

    public CsvRecordReader(Reader in) {
        this.in = in;
    }

    private int read() throws IOException {
        if (position == length) {
            length = in.read(buffer, 0, buffer.length);
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    /** The next record, or null at the end of input. */
    public CsvRecord next() throws IOException {
        while (true) {
            int c = read();
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (c == '\n') {
                    c = read();
                }
            }
            if (c == -1) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                // a blank line: no record
                line++;
                pendingCarriageReturn = c == '\r';
                continue;
            }
            return readRecord(c);
        }
    }

    private CsvRecord readRecord(int first) throws IOException {
        long startLine = line;
        StringBuilder raw = new StringBuilder();
        StringBuilder field = new StringBuilder();
        List<String> fields = new ArrayList<>();
        boolean quoted = false;
        boolean fieldStarted = false;
        int c = first;
        while (true) {
            if (c == -1) {
                fields.add(field.toString());
                return new CsvRecord(fields, startLine, raw.toString(), quoted);
            }
            if (quoted) {
                if (c == '"') {
                    raw.append('"');
                    int next = read();
                    if (next == '"') {
                        raw.append('"');
                        field.append('"');
                    } else {
                        quoted = false;
                        c = next;
                        continue;
                    }
                } else if (c == '\r') {
                    // a line break inside quotes belongs to the field: \r\n counts as one line
                    line++;
                    raw.append('\r');
                    field.append('\r');
                    int next = read();
                    if (next == '\n') {
                        raw.append('\n');
                        field.append('\n');
                        next = read();
                    }
                    c = next;
                    continue;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    raw.append((char) c);
                    field.append((char) c);
                }
            } else if (c == ',') {
                raw.append(',');
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '"' && !fieldStarted) {
                raw.append('"');
                quoted = true;
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                line++;
                pendingCarriageReturn = c == '\r';
                fields.add(field.toString());
                return new CsvRecord(fields, startLine, raw.toString(), false);
            } else {
                raw.append((char) c);
                field.append((char) c);
                fieldStarted = true;
            }
            c = read();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
