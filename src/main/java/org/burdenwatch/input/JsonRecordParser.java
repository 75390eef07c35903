package org.burdenwatch.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.ValueKind;

/**
 * Reads one JSON Lines line into the values of a record type's fields, with one streaming pass of
 * Jackson (no tree): keys matched by English name or Chinese alias in any case; a value that is an
 * object or array where a plain value is expected is {@code invalid_json_value:<field>}; a field
 * given twice (under any spelling) is {@code duplicate_key:<field>}; text after the object is
 * {@code trailing_content}; a line that is not one JSON object is {@code malformed_json}. Numbers
 * keep their literal text ({@code 1e309}, {@code NaN}), for the value parsers to judge.
 *
 * <p>The raw text kept is the line itself, unless a personal key appears in it (at any depth, in
 * any case) or text trails the object: then it is the object written again with every personal
 * value replaced by {@link Redaction#REDACTED}. A line that does not parse keeps no raw text.
 */
public final class JsonRecordParser {
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String INVALID_JSON_VALUE = "invalid_json_value";
    public static final String DUPLICATE_KEY = "duplicate_key";
    public static final String TRAILING_CONTENT = "trailing_content";

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** What a line holds: field values (null when absent), problems, unknown keys, the raw text to keep (or null). */
    public record Parsed(String[] values, List<String> problems, List<String> unknownKeys, String raw) {
    }

    private final RecordType type;
    private final Redaction redaction;

    public JsonRecordParser(RecordType type, Redaction redaction) {
        this.type = type;
        this.redaction = redaction;
    }

    public Parsed parse(String line) {
        String[] values = new String[type.fields().size()];
        List<String> problems = new ArrayList<>(0);
        List<String> unknown = new ArrayList<>(0);
        boolean[] seen = new boolean[values.length];
        boolean personal = false;
        boolean trailing = false;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return malformed(values);
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return malformed(values);
                }
                String key = p.currentName();
                JsonToken value = p.nextToken();
                personal |= redaction.isPersonal(type, key);
                int f = type.fieldIndexForHeader(key);
                if (f < 0) {
                    if (!unknown.contains(key)) {
                        unknown.add(key);
                    }
                    personal |= scanForPersonal(p, value);
                    continue;
                }
                Field field = type.fields().get(f);
                if (seen[f]) {
                    String reason = DUPLICATE_KEY + ":" + field.name();
                    if (!problems.contains(reason)) {
                        problems.add(reason);
                    }
                    personal |= scanForPersonal(p, value);
                    continue;
                }
                seen[f] = true;
                if (value == JsonToken.START_ARRAY && field.kind() == ValueKind.ENUM_LIST) {
                    values[f] = copyOf(p);
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    problems.add(INVALID_JSON_VALUE + ":" + field.name());
                    personal |= scanForPersonal(p, value);
                } else if (value != JsonToken.VALUE_NULL) {
                    values[f] = p.getText();
                }
            }
            try {
                trailing = p.nextToken() != null;
            } catch (IOException e) {
                trailing = true;
            }
        } catch (IOException | RuntimeException e) {
            return malformed(values);
        }
        if (trailing) {
            problems.add(TRAILING_CONTENT);
        }
        return new Parsed(values, problems, unknown, personal || trailing ? rewritten(line) : line);
    }

    private static Parsed malformed(String[] values) {
        Arrays.fill(values, null);
        return new Parsed(values, List.of(MALFORMED_JSON), List.of(), null);
    }

    /** Walks a structured value to its end; true when a personal key appears anywhere in it. */
    private boolean scanForPersonal(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT && value != JsonToken.START_ARRAY) {
            return false;
        }
        boolean found = false;
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("unexpected end of input");
            }
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME) {
                found |= redaction.isPersonal(type, p.currentName());
            }
        }
        return found;
    }

    /** An array value as compact JSON text, for the list parser. */
    private static String copyOf(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    /** The line's object written again, every personal value replaced, anything after the object dropped. */
    private String rewritten(String line) {
        StringWriter out = new StringWriter();
        try (JsonParser p = JSON.createParser(line); JsonGenerator g = JSON.createGenerator(out)) {
            p.nextToken();
            copyRedacting(p, g);
        } catch (IOException e) {
            throw new IllegalStateException("a line that parsed once failed to parse again", e);
        }
        return out.toString();
    }

    private void copyRedacting(JsonParser p, JsonGenerator g) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                String key = p.currentName();
                g.writeFieldName(key);
                p.nextToken();
                if (redaction.isPersonal(type, key)) {
                    p.skipChildren();
                    g.writeString(Redaction.REDACTED);
                } else {
                    copyRedacting(p, g);
                }
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            g.writeStartArray();
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                copyRedacting(p, g);
            }
            g.writeEndArray();
        } else {
            g.copyCurrentEvent(p);
        }
    }
}
