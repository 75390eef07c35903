package org.burdenwatch.input;

import com.univocity.parsers.common.ParsingContext;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import java.io.Closeable;
import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;

/**
 * The records of a CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line
 * breaks), parsed by univocity (the CSV parser Spark itself uses), with what quarantine needs: the
 * physical line each record starts on and its raw text. Blank lines are skipped (and counted); a
 * quote inside an unquoted field is kept as text; {@code \r\n} and {@code \n} both end a line.
 */
public final class CsvRecords implements Closeable {
    /**
     * One record: its fields, the 1-based line it starts on, its raw text (without the line break
     * that ends it), and whether a quoted field was still open at the end of the file.
     */
    public record CsvRecord(List<String> fields, long line, String raw, boolean unterminatedQuote) {
    }

    private final CsvParser parser;
    private long nextLine = 1;
    private CsvRecord ahead;
    private boolean started;

    public CsvRecords(Reader in) {
        parser = new CsvParser(settings());
        parser.beginParsing(in);
    }

    private static CsvParserSettings settings() {
        CsvParserSettings s = new CsvParserSettings();
        s.setHeaderExtractionEnabled(false);
        s.setLineSeparatorDetectionEnabled(false);
        s.getFormat().setLineSeparator("\n");
        s.getFormat().setNormalizedNewline('\n');
        s.getFormat().setComment('\0');
        s.setCommentProcessingEnabled(false);
        s.setNormalizeLineEndingsWithinQuotes(false);
        s.setIgnoreLeadingWhitespaces(false);
        s.setIgnoreTrailingWhitespaces(false);
        s.setIgnoreLeadingWhitespacesInQuotes(false);
        s.setIgnoreTrailingWhitespacesInQuotes(false);
        s.setSkipEmptyLines(false); // blank lines are skipped here, so that every line is counted
        s.setMaxCharsPerColumn(-1);
        s.setMaxColumns(100_000);
        s.setNullValue("");
        s.setEmptyValue("");
        s.setUnescapedQuoteHandling(UnescapedQuoteHandling.STOP_AT_DELIMITER);
        // as Spark's CSV source does: univocity otherwise starts a reading thread per file, with ten
        // 2 MB buffers (238 MB allocated on the sample's run, for 2 MiB of input)
        s.setReadInputOnSeparateThread(false);
        return s;
    }

    /** The next record, or null at the end of the text. */
    public CsvRecord next() {
        if (!started) {
            started = true;
            ahead = read();
        }
        CsvRecord current = ahead;
        if (current == null) {
            return null;
        }
        ahead = read();
        if (ahead == null && endsInsideQuotes(current.raw())) {
            // the last record, with a quote left open: the parser read to the end of the file inside it
            current = new CsvRecord(current.fields(), current.line(), current.raw(), true);
        }
        return current;
    }

    private CsvRecord read() {
        while (true) {
            String[] row = parser.parseNext();
            if (row == null) {
                return null;
            }
            ParsingContext context = parser.getContext();
            String content = String.valueOf(context.currentParsedContent());
            long line = nextLine;
            nextLine += content.chars().filter(c -> c == '\n').count();
            String raw = content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                    : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            if (raw.isEmpty()) {
                continue; // a blank line: no record
            }
            String[] fields = Arrays.copyOf(row, row.length);
            int last = fields.length - 1;
            if (content.endsWith("\r\n") && last >= 0 && fields[last] != null && fields[last].endsWith("\r")) {
                fields[last] = fields[last].substring(0, fields[last].length() - 1); // the \r of a \r\n line end
            }
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] == null) {
                    fields[i] = "";
                }
            }
            return new CsvRecord(List.of(fields), line, raw, false);
        }
    }

    /**
     * True when a quoted field is still open at the end of this text: the parser is asked, by
     * parsing it again followed by a line break and a sentinel; an open quote swallows both into the
     * same record, a closed one leaves the sentinel a record of its own.
     */
    static boolean endsInsideQuotes(String raw) {
        if (raw.indexOf('"') < 0) {
            return false;
        }
        CsvParser again = new CsvParser(settings());
        again.beginParsing(new StringReader(raw + "\n\u0001"));
        int records = 0;
        while (again.parseNext() != null) {
            records++;
        }
        return records < 2;
    }

    @Override
    public void close() {
        parser.stopParsing();
    }
}
