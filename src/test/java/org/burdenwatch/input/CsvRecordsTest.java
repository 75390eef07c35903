package org.burdenwatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {
    private static List<CsvRecords.CsvRecord> read(String text) {
        List<CsvRecords.CsvRecord> out = new ArrayList<>();
        try (CsvRecords reader = new CsvRecords(new StringReader(text))) {
            for (CsvRecords.CsvRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void aFileIsReadOnTheCallersThreadWithoutAReaderThreadOfItsOwn() {
        // univocity's default is a reading thread per parser, with ten 1M-character buffers
        StringBuilder text = new StringBuilder("id,note\n");
        for (int i = 0; i < 1000; i++) {
            text.append(i).append(",减负\n");
        }
        try (CsvRecords reader = new CsvRecords(new StringReader(text.toString()))) {
            assertEquals(List.of("id", "note"), reader.next().fields());
            List<String> readers = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.toLowerCase(java.util.Locale.ROOT).contains("input reading")).toList();
            assertEquals(List.of(), readers);
        }
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() {
        List<CsvRecords.CsvRecord> records = read(
                "id,organizer,note\r\n"
                + "1,\"市委办公室,市政府办公室\",plain\r\n"
                + "2,\"第一行\r\n第二行\",\"他说\"\"减负\"\"\"\r\n"
                + "3,last,\n");
        assertEquals(4, records.size());
        assertEquals(List.of("id", "organizer", "note"), records.get(0).fields(), "no \\r left on a CRLF line");
        assertEquals(List.of("1", "市委办公室,市政府办公室", "plain"), records.get(1).fields());
        assertEquals(List.of("2", "第一行\r\n第二行", "他说\"减负\""), records.get(2).fields());
        assertEquals(List.of("3", "last", ""), records.get(3).fields());
    }

    @Test
    void recordsKnowTheLineTheyStartOnAndTheirRawText() {
        List<CsvRecords.CsvRecord> records = read("h1,h2\n\"a\nb\nc\",x\n\nnext,y\r\n\r\nlast,z");
        assertEquals(1, records.get(0).line());
        assertEquals(2, records.get(1).line());
        assertEquals("\"a\nb\nc\",x", records.get(1).raw());
        // the quoted field spans lines 2-4, line 5 is blank: the next record starts on line 6
        assertEquals(6, records.get(2).line());
        assertEquals("next,y", records.get(2).raw());
        assertEquals(8, records.get(3).line());
        assertEquals(List.of("last", "z"), records.get(3).fields());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() {
        List<CsvRecords.CsvRecord> records = read("a,b\n12\"x,y\n");
        assertEquals(List.of("12\"x", "y"), records.get(1).fields());
        assertFalse(records.get(1).unterminatedQuote());
    }

    @Test
    void anUnterminatedQuoteIsFlaggedNotLost() {
        List<CsvRecords.CsvRecord> records = read("a,b\n1,\"never closed\n2,3\n");
        assertEquals(2, records.size());
        assertTrue(records.get(1).unterminatedQuote());
        assertFalse(records.get(0).unterminatedQuote());
        assertEquals(2, records.get(1).line());
    }

    @Test
    void noTrailingLineBreakAndEmptyInput() {
        assertEquals(List.of("x", "y"), read("a,b\nx,y").get(1).fields());
        try (CsvRecords reader = new CsvRecords(new StringReader(""))) {
            assertNull(reader.next());
        }
    }
}
