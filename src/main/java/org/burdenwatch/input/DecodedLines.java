package org.burdenwatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
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
 * line followed by its {@code \n}. A line longer than the limit given is never held whole: it is
 * read past, counted and digested, and stands as an empty line ({@link LongLine}).
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

    /** The longest line held in memory, in bytes; a longer one is read past ({@link LongLine}). */
    private final int maxLineBytes;
    /** Lines returned so far, long ones included: the 1-based number of the last line. */
    private long linesRead;
    private LongLine lastLong;
    private final ArrayDeque<LongLine> longLines = new ArrayDeque<>();

    /**
     * A line longer than the limit, read past without being held: its 1-based number, its length in
     * characters and the SHA-256 of its text (UTF-8, without the line break), as for any line whose
     * text is not kept. It stands in the text as an empty line.
     */
    public record LongLine(long line, long characters, String sha256) {
    }

    public DecodedLines(InputStream in, TextEncoding.Encoding encoding) {
        this(in, encoding, Integer.MAX_VALUE);
    }

    public DecodedLines(InputStream in, TextEncoding.Encoding encoding, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        setEncoding(encoding);
    }

    /** The long line just returned by {@link #nextLine()} (as an empty line), or null. */
    public LongLine lastLineTooLong() {
        return lastLong;
    }

    /** The long lines read so far and not yet taken, in order (the CSV view reads ahead of its records). */
    public ArrayDeque<LongLine> longLines() {
        return longLines;
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
        lastLong = null;
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
            if (end - start > maxLineBytes) {
                return readPastLongLine();
            }
            scanned = end - start;
            fill();
        }
        if (start == end && eof) {
            return null;
        }
        int lineEnd = newline >= 0 ? newline + 1 : end;
        if ((newline >= 0 ? newline : end) - start > maxLineBytes) {
            return readPastLongLine(); // longer than the limit, though it fitted in the buffer
        }
        String line = decode(buffer, start, lineEnd);
        start = lineEnd;
        linesRead++;
        return line;
    }

    /**
     * Reads past a line longer than the limit (its start is in the buffer, no line break yet), a
     * buffer at a time: its characters counted and its text digested as they pass, nothing kept.
     * Returns it as an empty line.
     */
    private String readPastLongLine() throws IOException {
        if (encoding == TextEncoding.Encoding.UNDECIDED && !TextEncoding.isAscii(buffer, start, end)) {
            setEncoding(TextEncoding.decideAt(buffer, start, end));
        }
        CharsetDecoder decoder = lenient.reset();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
        CharBuffer chars = CharBuffer.allocate(buffer.length + 16);
        ByteBuffer carry = ByteBuffer.allocate(buffer.length + 16);
        long count = 0;
        boolean heldCarriageReturn = false;
        boolean ended = false;
        while (!ended) {
            int to = end;
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    to = i;
                    ended = true;
                    break;
                }
            }
            if (!ended && eof) {
                ended = true;
            }
            if (carry.capacity() - carry.position() < to - start) {
                ByteBuffer bigger = ByteBuffer.allocate(carry.position() + (to - start) + 16);
                carry.flip();
                bigger.put(carry);
                carry = bigger;
            }
            carry.put(buffer, start, to - start);
            carry.flip();
            if (chars.capacity() < carry.remaining() + 16) {
                chars = CharBuffer.allocate(carry.remaining() + 16);
            }
            chars.clear();
            decoder.decode(carry, chars, ended);
            if (ended) {
                decoder.flush(chars);
            }
            carry.compact();
            chars.flip();
            StringBuilder text = new StringBuilder(chars.remaining() + 1);
            if (heldCarriageReturn) {
                text.append('\r');
            }
            text.append(chars);
            heldCarriageReturn = text.length() > 0 && text.charAt(text.length() - 1) == '\r';
            if (heldCarriageReturn) {
                text.setLength(text.length() - 1); // a \r before the line break is not the line's
            }
            count += text.length();
            digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
            start = ended && to < end ? to + 1 : to;
            if (!ended) {
                start = end;
                fill();
            }
        }
        if (heldCarriageReturn && start == end && eof && (end == 0 || buffer[end - 1] != '\n')) {
            count++; // a file that ends in \r without a line break: the \r is the line's
            digest.update((byte) '\r');
        }
        linesRead++;
        lastLong = new LongLine(linesRead, count, HexFormat.of().formatHex(digest.digest()));
        longLines.add(lastLong);
        lastUndecodable = false;
        return "\n";
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
