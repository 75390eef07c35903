package org.burdenwatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.util.Arrays;

/**
 * A file's text, decoded one line at a time with its {@link TextEncoding.Encoding}: each line is
 * decoded strictly; a line that is not valid in the file's encoding is decoded leniently (bad bytes
 * become U+FFFD) and marked, so the reader quarantines it and keeps the others. A file still
 * undecided (ASCII so far) takes its encoding at its first non-ASCII line.
 *
 * <p>JSON Lines read it line by line ({@link #nextLine()}); CSV reads it as a {@link Reader}, each
 * line followed by its {@code \n}.
 */
public final class DecodedLines extends Reader {
    private final InputStream in;
    private TextEncoding.Encoding encoding;
    private CharsetDecoder strict;
    private CharsetDecoder lenient;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private boolean lastUndecodable;
    /** The current line for the Reader view, with its line break. */
    private String pending = "";
    private int pendingAt;

    public DecodedLines(InputStream in, TextEncoding.Encoding encoding) {
        this.in = in;
        setEncoding(encoding);
    }

    private void setEncoding(TextEncoding.Encoding e) {
        encoding = e;
        strict = TextEncoding.strictDecoder(e.charset());
        lenient = TextEncoding.lenientDecoder(e.charset());
    }

    /** The encoding the file has been read with so far (UNDECIDED while only ASCII was seen). */
    public TextEncoding.Encoding encoding() {
        return encoding;
    }

    /**
     * The next line without its line break ({@code \n}, and a {@code \r} before it), or null at the
     * end of the file. A final line without a line break counts; an empty file has no line.
     */
    public String nextLine() throws IOException {
        String line = nextRawLine();
        if (line == null) {
            return null;
        }
        return line.endsWith("\n") ? line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : 1)) : line;
    }

    /** True when the line just returned was not valid in the file's encoding (decoded with U+FFFD). */
    public boolean lastLineUndecodable() {
        return lastUndecodable;
    }

    /** The next line with its {@code \n} (if it has one), or null at the end. */
    private String nextRawLine() throws IOException {
        int newline = -1;
        int scanned = 0; // bytes of the current line already searched (fill() moves the line to the front)
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline >= 0 || eof) {
                break;
            }
            scanned = end - start;
            fill();
        }
        if (start == end && eof) {
            return null;
        }
        int lineEnd = newline >= 0 ? newline + 1 : end;
        String line = decode(buffer, start, lineEnd);
        start = lineEnd;
        return line;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // a long line
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private String decode(byte[] bytes, int from, int to) throws IOException {
        if (encoding == TextEncoding.Encoding.UNDECIDED && !TextEncoding.isAscii(bytes, from, to)) {
            setEncoding(TextEncoding.decideAt(bytes, from, to));
        }
        lastUndecodable = false;
        try {
            return strict.reset().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            lastUndecodable = true;
            return lenient.reset().decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        while (pendingAt == pending.length()) {
            String line = nextRawLine();
            if (line == null) {
                return -1;
            }
            pending = line;
            pendingAt = 0;
        }
        int n = Math.min(len, pending.length() - pendingAt);
        pending.getChars(pendingAt, pendingAt + n, cbuf, off);
        pendingAt += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
