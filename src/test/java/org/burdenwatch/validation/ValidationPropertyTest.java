package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.RawRecordReader;
import org.burdenwatch.input.Redaction;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.input.TextEncoding;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.ValueKind;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.validation.oracle.OracleValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Catalyst validation against the Java oracle on generated records of every type: good
 * values in every accepted form, bad ones, edge cases (white space of every kind, offsets, digit
 * groups, out-of-range dates, huge numbers), missing fields, keys in any case and garbage lines,
 * as JSON Lines and as CSV (UTF-8 and GB18030). Both must give every record the same reasons, in
 * the same order, the same natural key and the same parsed values.
 */
class ValidationPropertyTest extends SparkTestBase {
    private static final int RECORDS_PER_FILE = 400;
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 30);

    @TempDir
    static Path root;
    private static ValidationContext context;

    @BeforeAll
    static void java8Dates() {
        spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
        context = new ValidationContext(ValidationTest.DIRECTORY, Indicators.targetable(), LocalDate.of(2000, 1, 1),
                TODAY.plusYears(1), Redaction.defaults(), org.burdenwatch.records.TargetsFile.DEFAULT_MAX_LINE_BYTES);
    }

    @Test
    void everyRecordTypeGetsTheSameReasonsAndValuesFromBoth() {
        long seed = Long.getLong("burden.property.seed", 20261127L);
        int compared = 0;
        for (RecordType type : RecordType.values()) {
            Path input = root.resolve(type.folder() + "-in");
            Fixtures.inputWithDivisions(input);
            SplittableRandom r = new SplittableRandom(seed + type.ordinal());
            Fixtures.write(input, type.folder() + "/generated.jsonl", jsonLines(type, r));
            Fixtures.write(input, type.folder() + "/generated.csv", csv(type, r), StandardCharsets.UTF_8);
            Fixtures.write(input, type.folder() + "/generated-gb.csv", csv(type, r), TextEncoding.GB18030);
            compared += compare(type, input);
        }
        assertTrue(compared > 9 * 3 * RECORDS_PER_FILE * 0.9, compared + " records compared");
    }

    private int compare(RecordType type, Path input) {
        List<SourceFile> files = InputInventory.inspect(new Configuration(), input.toString()).of(type).files();
        ValidationContext ctx = type == RecordType.DIVISIONS ? context.withDivisions(DivisionDirectory.empty()) : context;
        Map<String, Row> catalyst = new TreeMap<>();
        for (Row row : Validation.validate(spark, type, files, ctx).collectAsList()) {
            catalyst.put(row.getAs("source_file") + ":" + row.getAs("source_line"), row);
        }
        OracleValidator oracle = new OracleValidator(type, ctx);
        int n = 0;
        for (SourceFile f : files) {
            RawRecordReader reader = RawRecordReader.open(f, new Configuration(), ctx.redaction());
            while (reader.hasNext()) {
                var raw = reader.next();
                String where = type.folder() + " " + raw.sourceFile() + ":" + raw.line();
                Row row = catalyst.get(raw.sourceFile() + ":" + raw.line());
                assertTrue(row != null, "Catalyst has no row for " + where);
                OracleValidator.Validated expected = oracle.validate(raw);
                assertEquals(expected.reasons(), row.getList(row.fieldIndex("reasons")), where + " reasons; raw: "
                        + raw.raw());
                assertEquals(visible(expected.naturalKey()), visible(row.getAs("natural_key")), where + " natural key");
                for (int i = 0; i < type.fields().size(); i++) {
                    Field field = type.fields().get(i);
                    Object want = expected.values()[i];
                    Object got = comparable(field, row.get(row.fieldIndex(field.name())));
                    assertEquals(want, got, where + " " + field.name() + " from [" + raw.values()[i] + "]");
                }
                n++;
            }
        }
        assertEquals(catalyst.size(), n, type.folder() + ": every record compared");
        return n;
    }

    private static String visible(String s) {
        return s == null ? null : s.replace("\u0001", "<SEP>");
    }

    /** A Catalyst value in the oracle's terms: dates as epoch days, instants as epoch microseconds, lists. */
    private static Object comparable(Field field, Object v) {
        if (v == null) {
            return null;
        }
        if (field.kind() == ValueKind.DATE) {
            return (int) ((LocalDate) v).toEpochDay();
        }
        if (field.kind() == ValueKind.TIMESTAMP) {
            Instant i = (Instant) v;
            return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000L;
        }
        if (field.kind() == ValueKind.ENUM_LIST) {
            List<String> out = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) v).forEach(x -> out.add((String) x));
            return out;
        }
        return v;
    }

    // ---- generated records ----

    private static String jsonLines(RecordType type, SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < RECORDS_PER_FILE; n++) {
            if (r.nextInt(40) == 0) {
                s.append(r.nextBoolean() ? "garbage line {" : "[1,2]").append('\n');
                continue;
            }
            s.append('{');
            String sep = "";
            for (Field f : type.fields()) {
                String value = value(f, r);
                if (value == null) {
                    continue;
                }
                s.append(sep).append('"').append(key(f, r)).append("\":");
                boolean bare = r.nextInt(3) == 0 && (f.kind() == ValueKind.INTEGER || f.kind() == ValueKind.NUMBER
                        || f.kind() == ValueKind.BOOLEAN) && value.matches("[-+]?[0-9.eE]+|true|false|NaN|Infinity");
                if (f.kind() == ValueKind.ENUM_LIST && value.startsWith("[")) {
                    s.append(value);
                } else if (bare && value.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?|true|false")) {
                    s.append(value);
                } else {
                    s.append('"').append(jsonEscaped(value)).append('"');
                }
                sep = ",";
            }
            s.append("}\n");
        }
        return s.toString();
    }

    private static String csv(RecordType type, SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        List<Field> fields = type.fields();
        for (int i = 0; i < fields.size(); i++) {
            s.append(i == 0 ? "" : ",").append(key(fields.get(i), r));
        }
        s.append("\r\n");
        for (int n = 0; n < RECORDS_PER_FILE; n++) {
            if (r.nextInt(40) == 0) {
                s.append("#####,garbage ").append(n).append("\r\n");
                continue;
            }
            for (int i = 0; i < fields.size(); i++) {
                String v = value(fields.get(i), r);
                v = v == null ? "" : v.replace("\r", "").replace("\n", " ");
                boolean quote = v.contains(",") || v.contains("\"") || r.nextInt(8) == 0;
                s.append(i == 0 ? "" : ",").append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
            }
            s.append(r.nextInt(10) == 0 ? "\n" : "\r\n");
        }
        return s.toString();
    }

    private static String jsonEscaped(String v) {
        StringBuilder s = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** The field's name or a Chinese alias, in a random case. */
    private static String key(Field f, SplittableRandom r) {
        String k = !f.aliases().isEmpty() && r.nextInt(3) == 0 ? f.aliases().get(r.nextInt(f.aliases().size())) : f.name();
        return r.nextInt(6) == 0 ? k.toUpperCase(Locale.ROOT) : k;
    }

    private static <T> T pick(SplittableRandom r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static final List<String> PADDING = List.of("", "", "", " ", "\t", "\u3000", "\u00a0", "  ");

    /** A value for a field: mostly good, in any accepted form; often bad; sometimes absent. */
    static String value(Field f, SplittableRandom r) {
        if (r.nextInt(12) == 0) {
            return null;
        }
        if (r.nextInt(20) == 0) {
            return pick(r, List.of("", " ", "\u3000", "\t \t"));
        }
        String v = switch (f.kind()) {
            case TEXT -> pick(r, List.of("香格里拉市人民政府", "x", "A-" + r.nextInt(50), "a,b", "他说\"减负\"", "line"));
            case DIVISION_CODE -> pick(r, List.of("533400", "533401", "533422", "533401101", "533422101", "533499",
                    "53340", "5334011", "53340a", "５３３４０１", "533401201"));
            case DATE -> date(r);
            case TIMESTAMP -> timestamp(r);
            case BOOLEAN -> pick(r, List.of("true", "FALSE", "1", "0", "Y", "n", "yes", "No", "是", "否", "maybe", "2"));
            case INTEGER -> pick(r, List.of(Integer.toString(r.nextInt(200) - 20), "+5", "-0", "12.0", "12.00", "1,234",
                    "1,234.00", "1,234.5", "12.5", "1e3", "99999999999999999999", "0", "1440", "1441", "x", "１２"));
            case NUMBER -> pick(r, List.of("1.5", "19.5", "-16.3", "1e309", "NaN", "Infinity", "-2.5%", "1,234.5", ".5",
                    "1.", "１", "0x10", "1d", "415", "3 %", "1e-3", "+7"));
            case SHARE -> pick(r, List.of("0.72", "72%", "72.5％", "120%", "-1%", "1", "0", "abc", "0.699999", "70 %",
                    "1,000%", "1e1%"));
            case PERIOD -> pick(r, List.of("2024", "2024-H1", "2024-Q2", "2024-06", "2024-13", "2024年上半年",
                    "2024 年 下半年", "2024-H3", "24-H1", "2023-Q4"));
            case ENUM -> spelling(f, r);
            case ENUM_LIST -> enumList(f, r);
            case INDICATOR -> pick(r, List.of("documents_issued", "meetings_held", "burden_hours", "paperwork",
                    "DOCUMENTS_ISSUED"));
        };
        return pick(r, PADDING) + v + pick(r, PADDING);
    }

    private static String spelling(Field f, SplittableRandom r) {
        List<String> spellings = new ArrayList<>(f.vocabulary().spellings().keySet());
        String s = r.nextInt(8) == 0 ? "invalid" : pick(r, spellings);
        return r.nextBoolean() ? s.toUpperCase(Locale.ROOT) : s;
    }

    private static String enumList(Field f, SplittableRandom r) {
        List<String> items = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            items.add(spelling(f, r));
        }
        if (r.nextBoolean()) {
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                s.append(i == 0 ? "" : ",").append('"').append(items.get(i)).append('"');
            }
            if (r.nextInt(6) == 0) {
                s.append(items.isEmpty() ? "null" : ",null");
            }
            if (r.nextInt(8) == 0) {
                s.append(items.isEmpty() ? "{\"a\":1}" : ",[1]");
            }
            return s.append(']').toString();
        }
        return String.join(pick(r, List.of(";", ",", "、", "|", "；", "，", " ; ")), items);
    }

    private static String date(SplittableRandom r) {
        int year = pick(r, List.of(1999, 2000, 2023, 2024, 2027, 2028, 1, 9999));
        int month = 1 + r.nextInt(13);
        int day = 1 + r.nextInt(31);
        return switch (r.nextInt(9)) {
            case 0 -> String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
            case 1 -> year + "/" + month + "/" + day;
            case 2 -> year + "." + month + "." + day;
            case 3 -> year + "年" + month + "月" + day + "日";
            case 4 -> year + " 年 " + month + " 月 " + day + " 日";
            case 5 -> String.format(Locale.ROOT, "%04d-%02d-%02d 00:00:00", year, month, day);
            case 6 -> String.format(Locale.ROOT, "%04d-%02d-%02dT23:30:00Z", year, month, day);
            case 7 -> year + "-" + month;
            default -> pick(r, List.of("2024-02-30", "2024-13-01", "March 5", "yesterday", "2024-3-5"));
        };
    }

    private static String timestamp(SplittableRandom r) {
        String date = date(r);
        if (date.contains(":") || r.nextInt(10) == 0) {
            return date;
        }
        String time = (r.nextBoolean() ? r.nextInt(25) : String.format(Locale.ROOT, "%02d", r.nextInt(25))) + ":"
                + String.format(Locale.ROOT, "%02d", r.nextInt(61));
        if (r.nextBoolean()) {
            time += ":" + String.format(Locale.ROOT, "%02d", r.nextInt(61));
            if (r.nextInt(3) == 0) {
                time += pick(r, List.of(".", ",")) + "123456789".substring(0, 1 + r.nextInt(9));
            }
        }
        String sep = pick(r, List.of("T", "t", " ", "  "));
        String offset = pick(r, List.of("", "", "Z", "z", "+08:00", "+0800", "+08", "-05:00", " +08:00", "+25:00",
                "+08:60", "+18"));
        return date + sep + time + offset;
    }
    /**
     * {@link ValueColumns#text} trims as {@code String.strip()} does, for every white-space character
     * and the characters around the ranges it checks, at either end, after ASCII, Chinese and
     * four-byte text (its last-character check reads UTF-8 bytes).
     */
    @Test
    void textTrimsEveryWhiteSpaceAtEitherEndAsStripDoes() {
        java.util.Set<String> edges = new java.util.LinkedHashSet<>();
        for (char c : ValueColumns.WHITESPACE.toCharArray()) {
            edges.add(String.valueOf(c));
        }
        for (int c : new int[] {'!', 'a', 0x7f, 0x80, 0xa0, 0x85, 0x167f, 0x1681, 0x1fff, 0x200b, 0x2027, 0x202f,
            0x205e, 0x2060, 0x2fff, 0x3001, 0x4e2d, 0xff0c, 0x1f600}) {
            edges.add(new String(Character.toChars(c)));
        }
        List<String> values = new ArrayList<>(List.of("", "a", "中"));
        for (String e : edges) {
            for (String body : List.of("a", "中文", "\uD83D\uDE00", "")) {
                values.add(body + e);
                values.add(e + body);
                values.add(e + body + e);
            }
        }
        List<Row> rows = new ArrayList<>();
        values.forEach(v -> rows.add(RowFactory.create(v)));
        Dataset<Row> texts = spark.createDataFrame(rows, new StructType().add("v", DataTypes.StringType));
        List<Row> trimmed = texts.select(col("v"), ValueColumns.text(col("v")).as("t")).collectAsList();
        assertEquals(values.size(), trimmed.size());
        for (Row r : trimmed) {
            String stripped = r.getString(0).strip();
            assertEquals(stripped.isEmpty() ? null : stripped, r.getString(1), "text of \"" + r.getString(0) + "\"");
        }
    }
}
