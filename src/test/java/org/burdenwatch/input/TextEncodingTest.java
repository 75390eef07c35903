package org.burdenwatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TextEncodingTest {
    private static TextEncoding.Detected detect(byte[] bytes) {
        return TextEncoding.detect(bytes, bytes.length, true);
    }

    @Test
    void byteOrderMarkMeansUtf8AndIsSkipped() {
        byte[] body = "文号,发文机关\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        assertEquals(new TextEncoding.Detected(StandardCharsets.UTF_8, 3), detect(withBom));
    }

    @Test
    void plainUtf8() {
        assertEquals(new TextEncoding.Detected(StandardCharsets.UTF_8, 0),
                detect("区划代码,名称\n533401,香格里拉市\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(StandardCharsets.UTF_8, detect("code,name\n".getBytes(StandardCharsets.US_ASCII)).charset());
    }

    @Test
    void chineseWindowsExportsAreGb18030() {
        byte[] gbk = "区划代码,名称\n533401,香格里拉市\n".getBytes(TextEncoding.GB18030);
        assertEquals(new TextEncoding.Detected(TextEncoding.GB18030, 0), detect(gbk));
    }

    @Test
    void aCharacterCutAtTheEndOfTheSampleIsNotHeldAgainstUtf8() {
        byte[] utf8 = "名称,香格里拉".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(utf8, utf8.length - 1);
        assertEquals(StandardCharsets.UTF_8, TextEncoding.detect(cut, cut.length, false).charset());
        // but if those bytes are the whole file, they are not UTF-8
        assertEquals(TextEncoding.GB18030, TextEncoding.detect(cut, cut.length, true).charset());
    }
}
