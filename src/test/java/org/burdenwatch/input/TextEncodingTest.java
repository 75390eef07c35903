package org.burdenwatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.burdenwatch.input.TextEncoding.Encoding;
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
        assertEquals(new TextEncoding.Detected(Encoding.UTF_8, 3), detect(withBom));
    }

    @Test
    void plainUtf8AndPlainAscii() {
        assertEquals(new TextEncoding.Detected(Encoding.UTF_8, 0),
                detect("区划代码,名称\n533401,香格里拉市\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Encoding.UNDECIDED, detect("code,name\n".getBytes(StandardCharsets.US_ASCII)).encoding());
    }

    @Test
    void chineseWindowsExportsAreGb18030() {
        byte[] gbk = "区划代码,名称\n533401,香格里拉市\n".getBytes(TextEncoding.GB18030);
        assertEquals(new TextEncoding.Detected(Encoding.GB18030, 0), detect(gbk));
    }

    @Test
    void oneBadByteDoesNotTurnAUtf8FileIntoGb18030() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write("name,level\n甲县人民政府,county\n".getBytes(StandardCharsets.UTF_8));
        file.write(new byte[] {'x', (byte) 0xFF, ',', 'y', '\n'}); // one invalid byte, in neither encoding
        file.write("乙县人民政府,county\n".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = file.toByteArray();
        assertEquals(Encoding.UTF_8, detect(bytes).encoding(), "not valid GB18030 either: read as UTF-8");
        List<String> lines = new ArrayList<>();
        List<Boolean> bad = new ArrayList<>();
        try (DecodedLines text = new DecodedLines(new ByteArrayInputStream(bytes), Encoding.UTF_8)) {
            for (String l = text.nextLine(); l != null; l = text.nextLine()) {
                lines.add(l);
                bad.add(text.lastLineUndecodable());
            }
        }
        assertEquals("甲县人民政府,county", lines.get(1), "the good Chinese rows are read as written");
        assertEquals("乙县人民政府,county", lines.get(3));
        assertEquals(List.of(false, false, true, false), bad, "only the line with the bad byte is flagged");
    }

    @Test
    void aFileAsciiInItsHeadIsJudgedByItsOtherSamplesAndItsLines() throws IOException {
        byte[] ascii = "code,name\n".repeat(120_000).getBytes(StandardCharsets.US_ASCII); // > 1 MiB of ASCII
        byte[] chinese = "533401,香格里拉市\n".getBytes(TextEncoding.GB18030);
        byte[] file = Arrays.copyOf(ascii, ascii.length + chinese.length);
        System.arraycopy(chinese, 0, file, ascii.length, chinese.length);
        int mib = 1 << 20;
        TextEncoding.Detected byHead = TextEncoding.detect(List.of(new TextEncoding.Sample(file, mib, true, false)));
        assertEquals(Encoding.UNDECIDED, byHead.encoding(), "the head alone decides nothing");
        byte[] tail = Arrays.copyOfRange(file, file.length - mib, file.length);
        assertEquals(Encoding.GB18030, TextEncoding.detect(List.of(new TextEncoding.Sample(file, mib, true, false),
                new TextEncoding.Sample(tail, tail.length, false, true))).encoding(), "the tail decides");
        // and a reader of an undecided file decides at the first line that is not ASCII
        try (DecodedLines text = new DecodedLines(new ByteArrayInputStream(file), Encoding.UNDECIDED)) {
            String last = null;
            for (String l = text.nextLine(); l != null; l = text.nextLine()) {
                last = l;
                assertFalse(text.lastLineUndecodable(), l);
            }
            assertEquals("533401,香格里拉市", last);
            assertEquals(Encoding.GB18030, text.encoding());
        }
    }

    @Test
    void aCharacterCutAtTheEndOfAMiddleSampleIsNotHeldAgainstUtf8() {
        byte[] utf8 = "名称\n香格里拉\n".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(utf8, utf8.length - 2);
        assertEquals(Encoding.UTF_8, TextEncoding.detect(List.of(
                new TextEncoding.Sample(cut, cut.length, true, false))).encoding());
        assertNull(TextEncoding.decodeStrictly(StandardCharsets.UTF_8, cut, 0, cut.length));
        assertTrue(TextEncoding.isValid(StandardCharsets.UTF_8, utf8, 0, utf8.length));
    }
}
