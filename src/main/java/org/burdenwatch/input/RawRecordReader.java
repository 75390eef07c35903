package org.burdenwatch.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.burdenwatch.records.RecordType;

/**
 * Streams the records of one input file (runs on an executor). Each record keeps its file, line
 * and raw text; a record that cannot be read as the format says carries a problem code instead of
 * being dropped.
 */
public final class RawRecordReader implements Iterator<RawRecord>, Closeable {
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String COLUMN_COUNT_MISMATCH = "column_count_mismatch";
    public static final String UNTERMINATED_QUOTE = "unterminated_quote";
    public static final String UNDECODABLE_TEXT = "undecodable_text";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceFile file;
    private final RecordType type;
    private final BufferedReader lines;
    private final CsvRecordReader csv;
    private long lineNumber;
    private RawRecord next;
    private boolean done;

    private RawRecordReader(SourceFile file, InputStream in) throws IOException {
        this.file = file;
        this.type = file.type();
        long skipped = in.skip(file.bomLength());
        if (skipped != file.bomLength()) {
            throw new IOException("cannot skip byte-order mark of " + file.path());
        }
        InputStreamReader reader = new InputStreamReader(in,
                TextEncoding.lenientDecoder(Charset.forName(file.charset())));
        if (file.format() == FileFormat.CSV) {
            this.csv = new CsvRecordReader(reader);
            this.lines = null;
            this.csv.next(); // the header, checked on the driver
        } else {
            this.lines = new BufferedReader(reader, 1 << 16);
            this.csv = null;
        }
    }

    public static RawRecordReader open(SourceFile file, Configuration conf) {
        Path path = new Path(file.path());
        try {
            return new RawRecordReader(file, path.getFileSystem(conf).open(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = file.format() == FileFormat.CSV ? readCsv() : readJsonLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.path(), e);
            }
            if (next == null) {
                done = true;
                closeQuietly();
            }
        }
        return next != null;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawRecord r = next;
        next = null;
        return r;
    }

    private RawRecord readCsv() throws IOException {
        CsvRecordReader.CsvRecord rec = csv.next();
        if (rec == null) {
            return null;
        }
        int[] columnFields = file.columnFields();
        String[] values = new String[type.fields().size()];
        List<String> problems = new ArrayList<>(0);
        List<String> fields = rec.fields();
        for (int i = 0; i < fields.size() && i < columnFields.length; i++) {
            if (columnFields[i] >= 0) {
                values[columnFields[i]] = fields.get(i);
            }
        }
        if (rec.unterminatedQuote()) {
            problems.add(UNTERMINATED_QUOTE);
        } else if (fields.size() != columnFields.length) {
            problems.add(COLUMN_COUNT_MISMATCH);
        }
        if (rec.raw().indexOf('\uFFFD') >= 0) {
            problems.add(UNDECODABLE_TEXT);
        }
        return new RawRecord(file.path(), rec.line(), rec.raw(), values, problems, List.of());
    }

    private RawRecord readJsonLine() throws IOException {
        String line;
        do {
            line = lines.readLine();
            lineNumber++;
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        String[] values = new String[type.fields().size()];
        List<String> problems = new ArrayList<>(0);
        List<String> unknown = List.of();
        JsonNode node = null;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            problems.add(MALFORMED_JSON);
        }
        if (node != null && !node.isObject()) {
            problems.add(MALFORMED_JSON);
        } else if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                int f = type.fieldIndexForHeader(e.getKey());
                if (f < 0) {
                    if (unknown.isEmpty()) {
                        unknown = new ArrayList<>();
                    }
                    unknown.add(e.getKey());
                    continue;
                }
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    values[f] = null;
                } else if (v.isValueNode()) {
                    values[f] = v.asText();
                } else {
                    values[f] = v.toString(); // arrays (features) stay JSON text for the list parser
                }
            }
        }
        if (line.indexOf('\uFFFD') >= 0) {
            problems.add(UNDECODABLE_TEXT);
        }
        return new RawRecord(file.path(), lineNumber, line, values, problems, unknown);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // reading is finished; a failure to close loses nothing
        }
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
        if (lines != null) {
            lines.close();
        }
    }
}
