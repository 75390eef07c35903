package org.burdenwatch.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Per-file encoding detection: a UTF-8 byte-order mark means UTF-8; bytes that decode as strict
 * UTF-8 mean UTF-8; anything else is GB18030 (a superset of GBK and GB2312, what Excel and WPS
 * write on a Chinese Windows machine).
 */
public final class TextEncoding {
    private TextEncoding() {
    }

    public static final Charset GB18030 = Charset.forName("GB18030");
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** What was detected: the charset, and how many leading bytes are a byte-order mark to skip. */
    public record Detected(Charset charset, int bomLength) {
    }

    /**
     * Detects the encoding from the first {@code length} bytes of a file.
     *
     * @param wholeFile true when these bytes are the whole file; otherwise a multi-byte sequence cut
     *                  at the end of the sample is not held against UTF-8
     */
    public static Detected detect(byte[] head, int length, boolean wholeFile) {
        if (length >= 3 && head[0] == UTF8_BOM[0] && head[1] == UTF8_BOM[1] && head[2] == UTF8_BOM[2]) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head, 0, length);
        CharBuffer out = CharBuffer.allocate(Math.max(16, length));
        CoderResult result = strict.decode(in, out, wholeFile);
        if (result.isError()) {
            return new Detected(GB18030, 0);
        }
        if (wholeFile && strict.flush(out).isError()) {
            return new Detected(GB18030, 0);
        }
        return new Detected(StandardCharsets.UTF_8, 0);
    }

    /** A lenient decoder: undecodable bytes become U+FFFD, which the validator reports. */
    public static CharsetDecoder lenientDecoder(Charset charset) {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }
}
