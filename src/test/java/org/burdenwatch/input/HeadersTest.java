package org.burdenwatch.input;

import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers as spreadsheets and editors write them: a column named twice (in English and in Chinese)
 * is refused rather than one of the two silently kept; a file saved with CR-only line endings or
 * as UTF-16 is named as such instead of "required column missing"; a zero-width space or full-width
 * letters in a header name do not hide the column.
 */
class HeadersTest {
    @TempDir
    Path dir;

    private InputInventory inspect() {
        return InputInventory.inspect(new Configuration(), dir.toString());
    }

    private String refusal() {
        return assertThrows(InputProblem.class, this::inspect).getMessage();
    }

    @Test
    void aFieldNamedByTwoColumnsIsRefused() {
        Fixtures.inputWithDivisions(dir);
        write(dir, "documents/d.csv", "doc_id,issuer,发文机关,issuer_level,county_code,issued_on\n"
                + "D1,县政府,县委,county,533401,2024-03-05\n");
        String message = refusal();
        assertTrue(message.endsWith("columns issuer and 发文机关 both name the field issuer; keep one"), message);
    }

    @Test
    void crOnlyLineEndingsAreNamed() {
        Fixtures.inputWithDivisions(dir);
        write(dir, "documents/d.csv", "doc_id,issuer,issuer_level,county_code,issued_on\r"
                + "D1,县政府,county,533401,2024-03-05\r");
        String message = refusal();
        assertTrue(message.contains("CR alone"), message);
    }

    @Test
    void utf16IsNamed() {
        Fixtures.inputWithDivisions(dir);
        Fixtures.writeBytes(dir, "documents/d.csv", ("\uFEFFdoc_id,issuer,issuer_level,county_code,issued_on\r\n"
                + "D1,县政府,county,533401,2024-03-05\r\n").getBytes(StandardCharsets.UTF_16LE));
        String message = refusal();
        assertTrue(message.contains("UTF-16"), message);
    }

    @Test
    void zeroWidthAndFullWidthHeaderNamesAreTheirColumns() {
        Fixtures.inputWithDivisions(dir);
        write(dir, "documents/d.csv", "\u200Bdoc_id,ｉｓｓｕｅｒ,issuer_level\u200B,county_code,issued_on\n"
                + "D1,县政府,county,533401,2024-03-05\n");
        SourceFile file = inspect().of(RecordType.DOCUMENTS).files().get(0);
        assertEquals(java.util.List.of(), file.unknownColumns());
    }
}
