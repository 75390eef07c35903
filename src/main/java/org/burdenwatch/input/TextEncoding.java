package org.burdenwatch.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Per-file encoding, decided strictly: UTF-8 (with or without a byte-order mark) or GB18030 (a
 * superset of GBK and GB2312, what Excel and WPS write on a Chinese Windows machine).
 *
 * <ul>
 * <li>A UTF-8 byte-order mark means UTF-8.</li>
 * <li>Samples of the file (its head, its tail, and chunks between) that are all plain ASCII decide
 * nothing: the file is {@link Encoding#UNDECIDED} and its reader decides at its first non-ASCII line
 * (until then ASCII reads the same in both).</li>
 * <li>Samples that are all valid UTF-8 mean UTF-8; otherwise samples that are all valid GB18030 mean
 * GB18030.</li>
 * <li>A file valid in neither is read as UTF-8, and each line that is not valid UTF-8 is quarantined
 * ({@code undecodable_text}); the good lines are kept. A single bad byte never turns a UTF-8 file
 * into GB18030 mojibake.</li>
 * </ul>
 */
public final class TextEncoding {
    private TextEncoding() {
    }

    public static final Charset GB18030 = Charset.forName("GB18030");
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** What a file's bytes are. */
    public enum Encoding {
        UTF_8(StandardCharsets.UTF_8),
        GB18030(TextEncoding.GB18030),
        /** Only ASCII seen so far: decided at the first line that is not. */
        UNDECIDED(StandardCharsets.UTF_8);

        private final Charset charset;

        Encoding(Charset charset) {
            this.charset = charset;
        }

        /** The charset to read with (UTF-8 while undecided). */
        public Charset charset() {
            return charset;
        }
    }

    /** What was detected: the encoding, and how many leading bytes are a byte-order mark to skip. */
    public record Detected(Encoding encoding, int bomLength) {
    }

    /** A piece of a file: its bytes, and whether it starts and ends at the file's start and end. */
    public record Sample(byte[] bytes, int length, boolean atStart, boolean atEnd) {
    }

    /** Detects a file's encoding from samples of it (the first one the file's head). */
    public static Detected detect(List<Sample> samples) {
        Sample head = samples.get(0);
        if (head.atStart() && head.length() >= 3 && head.bytes()[0] == UTF8_BOM[0] && head.bytes()[1] == UTF8_BOM[1]
                && head.bytes()[2] == UTF8_BOM[2]) {
            return new Detected(Encoding.UTF_8, 3);
        }
        boolean ascii = true;
        boolean utf8 = true;
        boolean gb18030 = true;
        for (Sample s : samples) {
            // a sample cut out of the middle of a file may begin and end inside a character:
            // only whole lines within it are judged
            int from = s.atStart() ? 0 : afterNewline(s.bytes(), 0, s.length());
            int to = s.atEnd() ? s.length() : lastNewline(s.bytes(), from, s.length());
            if (from >= to) {
                continue;
            }
            ascii &= isAscii(s.bytes(), from, to);
            utf8 &= isValid(StandardCharsets.UTF_8, s.bytes(), from, to);
            gb18030 &= isValid(GB18030, s.bytes(), from, to);
        }
        if (ascii) {
            return new Detected(Encoding.UNDECIDED, 0);
        }
        if (utf8 || !gb18030) {
            return new Detected(Encoding.UTF_8, 0);
        }
        return new Detected(Encoding.GB18030, 0);
    }

    /** The encoding of a file whose head is these bytes (the whole file when {@code wholeFile}). */
    public static Detected detect(byte[] head, int length, boolean wholeFile) {
        return detect(List.of(new Sample(head, length, true, wholeFile)));
    }

    /**
     * The encoding an undecided file takes at its first non-ASCII line: UTF-8 if the line is valid
     * UTF-8, else GB18030 if it is valid GB18030, else UTF-8 (the line is then undecodable).
     */
    public static Encoding decideAt(byte[] line, int from, int to) {
        if (isValid(StandardCharsets.UTF_8, line, from, to)) {
            return Encoding.UTF_8;
        }
        return isValid(GB18030, line, from, to) ? Encoding.GB18030 : Encoding.UTF_8;
    }

    static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isValid(Charset charset, byte[] bytes, int from, int to) {
        try {
            strictDecoder(charset).decode(ByteBuffer.wrap(bytes, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int afterNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return to;
    }

    private static int lastNewline(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return from;
    }

    /** A decoder that reports malformed and unmappable input instead of replacing it. */
    public static CharsetDecoder strictDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** A lenient decoder: undecodable bytes become U+FFFD, which the reader reports. */
    public static CharsetDecoder lenientDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** Decodes bytes strictly; null when they are not valid in the charset. */
    public static String decodeStrictly(Charset charset, byte[] bytes, int from, int to) {
        try {
            CharBuffer chars = strictDecoder(charset).decode(ByteBuffer.wrap(bytes, from, to - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
