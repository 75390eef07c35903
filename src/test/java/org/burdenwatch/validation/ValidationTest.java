package org.burdenwatch.validation;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reason code of the core record types, each on a record built to break exactly that rule. */
class ValidationTest extends SparkTestBase {
    static final DivisionDirectory DIRECTORY = new DivisionDirectory(List.of(
            new DivisionDirectory.Division("533400", "迪庆藏族自治州", "prefecture", null, null),
            new DivisionDirectory.Division("533401", "香格里拉市", "county", "533400", null),
            new DivisionDirectory.Division("533422", "德钦县", "county", "533400", null),
            new DivisionDirectory.Division("533401101", "建塘镇", "township", "533401", 60L),
            new DivisionDirectory.Division("533422101", "升平镇", "township", "533422", 50L)));

    /** The directory above, every indicator name, dates from 2000 to a year from now, the default name columns. */
    static final ValidationContext CONTEXT = new ValidationContext(DIRECTORY,
            org.burdenwatch.indicators.Indicators.targetable(), java.time.LocalDate.of(2000, 1, 1),
            java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusYears(1),
            org.burdenwatch.input.Redaction.defaults(), org.burdenwatch.records.TargetsFile.DEFAULT_MAX_LINE_BYTES);

    @TempDir
    Path root;

    private Dataset<Row> validated(RecordType type) {
        if (type != RecordType.DIVISIONS) {
            Fixtures.inputWithDivisions(root); // the inventory requires divisions/; the directory above is used
        }
        InputInventory inventory = InputInventory.inspect(new Configuration(), root.toString());
        Dataset<Row> rows = Validation.validate(spark, type, inventory.of(type).files(),
                type == RecordType.DIVISIONS ? CONTEXT.withDivisions(DivisionDirectory.empty()) : CONTEXT);
        // the divisions' hierarchy is checked as the validate stage does: on the driver, all rows together
        return type == RecordType.DIVISIONS ? spark.createDataFrame(DivisionHierarchy.check(rows), rows.schema()) : rows;
    }

    /** The type's three tables from its validated rows, as the validate stage splits them. */
    private ValidatedTables.Split split(RecordType type) {
        return new ValidatedTables(type, null, false).split(spark, validated(type));
    }

    /** Reasons by source line. */
    private Map<Long, Set<String>> reasonsByLine(RecordType type) {
        Map<Long, Set<String>> out = new TreeMap<>();
        for (Row r : validated(type).select("source_line", "reasons").collectAsList()) {
            out.put(r.getLong(0), new TreeSet<>(r.getList(1)));
        }
        return out;
    }

    /** Validated rows of one type with a limit on the length of a line. */
    private Dataset<Row> validatedWithLineLimit(RecordType type, int maxLineBytes) {
        Fixtures.inputWithDivisions(root);
        InputInventory inventory = InputInventory.inspect(new Configuration(), root.toString());
        ValidationContext small = new ValidationContext(CONTEXT.divisions(), CONTEXT.indicatorNames(),
                CONTEXT.earliestDate(), CONTEXT.latestDate(), CONTEXT.redaction(), maxLineBytes);
        return Validation.validate(spark, type, inventory.of(type).files(), small);
    }

    @Test
    void aLineLongerThanTheLimitIsQuarantinedWithItsLengthAndTheRecordsAfterItAreRead() throws Exception {
        String ok = "\"organizer\":\"香格里拉市委办公室\",\"organizer_level\":\"county\",\"county_code\":\"533401\","
                + "\"started_at\":\"2024-03-05 09:00\",\"duration_minutes\":60,\"attendees\":30";
        // a valid record, but 300,000 characters of title (900,000 bytes in UTF-8): a broken export
        String huge = "{\"meeting_id\":\"M2\"," + ok + ",\"title\":\"" + "会".repeat(300_000) + "\"}";
        write(root, "meetings/m.jsonl", jsonl("{\"meeting_id\":\"M1\"," + ok + "}", huge,
                "{\"meeting_id\":\"M3\"," + ok + "}"));
        List<Row> rows = validatedWithLineLimit(RecordType.MEETINGS, 100_000).orderBy("source_line")
                .select("source_line", "reasons", "raw", "raw_length", "raw_sha256").collectAsList();
        assertEquals(3, rows.size());
        assertEquals(List.of(), rows.get(0).getList(1));
        Row longLine = rows.get(1);
        assertEquals(2L, longLine.getLong(0));
        assertEquals(List.of("line_too_long"), longLine.getList(1));
        assertTrue(longLine.isNullAt(2), "no text kept");
        assertEquals((long) huge.length(), longLine.getLong(3), "its length in characters");
        assertEquals(org.burdenwatch.input.RawRecordReader.sha256(huge), longLine.getString(4));
        assertEquals(3L, rows.get(2).getLong(0));
        assertEquals(List.of(), rows.get(2).getList(1), "the record after it is read");
    }

    @Test
    void aCsvLineLongerThanTheLimitInGb18030KeepsTheLineNumbersOfTheRest() throws Exception {
        String huge = "香政发〔2024〕2号,香格里拉市人民政府,县级,533401,2024年3月6日,3,是,专项," + "长".repeat(50_000);
        write(root, "documents/登记.csv", String.join("\r\n",
                "文号,发文单位,发文层级,区划代码,发文日期,页数,要求基层报送,部署类型,备注",
                "香政发〔2024〕1号,香格里拉市人民政府,县级,533401,2024年3月5日,3,是,专项,",
                huge,
                "\"香政发〔2024〕3号\",\"香格里拉市\n人民政府\",县级,533401,2024年3月7日,3,否,其他,",
                "香政发〔2024〕4号,香格里拉市人民政府,县级,533401,2024年3月8日,3,否,其他,") + "\r\n",
                java.nio.charset.Charset.forName("GB18030"));
        Map<Long, List<String>> byLine = new TreeMap<>();
        Map<Long, Long> lengths = new TreeMap<>();
        for (Row r : validatedWithLineLimit(RecordType.DOCUMENTS, 10_000)
                .select("source_line", "reasons", "raw_length").collectAsList()) {
            byLine.put(r.getLong(0), r.getList(1));
            lengths.put(r.getLong(0), r.getLong(2));
        }
        assertEquals(java.util.Set.of(2L, 3L, 4L, 6L), byLine.keySet(), "line 4's record runs over two lines");
        assertEquals(List.of("line_too_long"), byLine.get(3L));
        assertEquals((long) huge.length(), lengths.get(3L));
        assertEquals(List.of(), byLine.get(2L));
        assertEquals(List.of(), byLine.get(4L));
        assertEquals(List.of(), byLine.get(6L));
    }

    @Test
    void meetingReasonCodes() {
        String ok = "\"organizer\":\"香格里拉市委办公室\",\"organizer_level\":\"county\",\"county_code\":\"533401\","
                + "\"started_at\":\"2024-03-05 09:00\",\"duration_minutes\":60,\"attendees\":30";
        write(root, "meetings/m.jsonl", jsonl(
                "{\"meeting_id\":\"M1\"," + ok + "}",
                "{\"meeting_id\":\"M2\"," + ok.replace("2024-03-05 09:00", "2024-13-05 09:00") + "}",
                "{\"meeting_id\":\"M3\"," + ok.replace("\"duration_minutes\":60", "\"duration_minutes\":0") + "}",
                "{\"meeting_id\":\"M4\"," + ok.replace("\"attendees\":30", "\"attendees\":\"many\"") + "}",
                "{\"meeting_id\":\"M5\"," + ok + ",\"grassroots_attendees\":31}",
                "{\"meeting_id\":\"M6\"," + ok + ",\"township_code\":\"533422101\"}",
                "{\"meeting_id\":\"M7\"," + ok + ",\"township_code\":\"533401\"}",
                "{\"meeting_id\":\"M8\"," + ok.replace("\"county_code\":\"533401\"", "\"county_code\":\"533499\"") + "}",
                "{\"meeting_id\":\"M9\"," + ok.replace("\"county_code\":\"533401\"", "\"county_code\":\"533401101\"")
                        + "}",
                "{\"meeting_id\":\"M10\"," + ok.replace("\"county_code\":\"533401\"", "\"county_code\":\"53340\"") + "}",
                "{\"meeting_id\":\"M11\"," + ok + ",\"format\":\"电话\"}",
                "{\"organizer\":\"x\"}",
                "{\"meeting_id\":\"M13\", broken",
                "[1,2,3]",
                "{\"meeting_id\":\"M15\"," + ok.replace("\"duration_minutes\":60", "\"duration_minutes\":1441")
                        + ",\"grassroots_attendees\":-1}"));
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.MEETINGS);
        assertEquals(Set.of(), reasons.get(1L));
        assertEquals(Set.of("invalid_timestamp:started_at"), reasons.get(2L));
        assertEquals(Set.of("out_of_range:duration_minutes"), reasons.get(3L));
        assertEquals(Set.of("invalid_integer:attendees"), reasons.get(4L));
        assertEquals(Set.of("grassroots_exceeds_attendees"), reasons.get(5L));
        assertEquals(Set.of("township_not_in_county:township_code"), reasons.get(6L));
        assertEquals(Set.of("not_a_township:township_code"), reasons.get(7L));
        assertEquals(Set.of("unknown_division:county_code"), reasons.get(8L));
        assertEquals(Set.of("not_a_county:county_code"), reasons.get(9L));
        assertEquals(Set.of("invalid_code:county_code"), reasons.get(10L));
        assertEquals(Set.of("invalid_enum:format"), reasons.get(11L));
        assertEquals(Set.of("missing_required:meeting_id", "missing_required:organizer_level",
                "missing_required:county_code", "missing_required:started_at", "missing_required:duration_minutes",
                "missing_required:attendees"), reasons.get(12L));
        assertEquals(Set.of("malformed_json"), reasons.get(13L));
        assertEquals(Set.of("malformed_json"), reasons.get(14L));
        // every reason of a record, not just the first
        assertEquals(Set.of("out_of_range:duration_minutes", "out_of_range:grassroots_attendees"), reasons.get(15L));
    }

    @Test
    void documentReasonCodesFromAChineseGb18030Csv() {
        write(root, "documents/登记.csv", String.join("\r\n",
                "文号,发文单位,发文层级,区划代码,发文日期,页数,要求基层报送,部署类型,备注",
                "香政发〔2024〕1号,香格里拉市人民政府,县级,533401,2024年3月5日,3,是,专项,",
                "香政发〔2024〕2号,香格里拉市人民政府,县级,533401,2024/2/30,3,否,其他,",
                "香政发〔2024〕3号,香格里拉市人民政府,县级,533401,2024.3.5,0,也许,其他,",
                "香政发〔2024〕4号,,县级,533401,2024-03-05,,,部署,",
                "香政发〔2024〕5号,香格里拉市人民政府,县级,533401,2024-03-05",
                "\"香政发〔2024〕6号\",\"香格里拉市人民政府,办公室\",县级,533401,2024-03-05,1,N,routine,\"多行\n备注\"",
                "香政发〔2024〕7号,香格里拉市人民政府,县级,533401,2024-03-05,1,N,routine,\"never closed") + "\r\n",
                org.burdenwatch.input.TextEncoding.GB18030);
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DOCUMENTS);
        assertEquals(Set.of(), reasons.get(2L));
        assertEquals(Set.of("invalid_date:issued_on"), reasons.get(3L));
        assertEquals(Set.of("out_of_range:pages", "invalid_boolean:requires_grassroots_report"), reasons.get(4L));
        assertEquals(Set.of("missing_required:issuer", "invalid_enum:scope"), reasons.get(5L));
        assertEquals(Set.of("column_count_mismatch"), reasons.get(6L));
        assertEquals(Set.of(), reasons.get(7L), "quoted comma and line break");
        assertEquals(Set.of("unterminated_quote"), reasons.get(9L));
        List<Row> clean = split(RecordType.DOCUMENTS).clean()
                .filter("doc_id = '香政发〔2024〕1号'").collectAsList();
        assertEquals("香格里拉市人民政府", clean.get(0).getAs("issuer"));
        assertEquals("county", clean.get(0).getAs("issuer_level"));
        assertEquals("special", clean.get(0).getAs("scope"));
        assertEquals(Boolean.TRUE, clean.get(0).getAs("requires_grassroots_report"));
        assertEquals(java.sql.Date.valueOf("2024-03-05"), clean.get(0).getAs("issued_on"));
    }

    @Test
    void undecodableBytesAreQuarantined() {
        byte[] good = "doc_id,issuer,issuer_level,county_code,issued_on\nA1,x,county,533401,2024-03-05\nA2,".getBytes(
                StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xFF, (byte) 0xFE, ',', 'c', 'o', 'u', 'n', 't', 'y', ',', '5', '3', '3', '4', '0', '1',
            ',', '2', '0', '2', '4', '-', '0', '3', '-', '0', '5', '\n'};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        // valid in neither UTF-8 nor GB18030: read as UTF-8, and only the line with the bad bytes is quarantined
        Fixtures.writeBytes(root, "documents/d.csv", all);
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DOCUMENTS);
        assertEquals(Set.of(), reasons.get(2L));
        assertEquals(Set.of("undecodable_text"), reasons.get(3L));
    }

    @Test
    void jsonThatIsNotOnePlainObjectIsQuarantinedWithWhatIsWrong() {
        String ok = "\"issuer\":\"organ\",\"issuer_level\":\"county\",\"county_code\":\"533401\","
                + "\"issued_on\":\"2024-03-05\"";
        write(root, "documents/d.jsonl", jsonl(
                "{\"doc_id\":\"D1\"," + ok + "}",
                "{\"doc_id\":{\"nested\":1}," + ok + "}",
                "{\"doc_id\":[\"D3\"]," + ok + "}",
                "{\"doc_id\":\"D4\"," + ok + ",\"doc_id\":\"D4b\"}",
                "{\"doc_id\":\"D5\"," + ok + ",\"文号\":\"D5b\"}",
                "{\"doc_id\":\"D6\"," + ok + "} trailing words",
                "{\"doc_id\":\"D7\"," + ok + "}{\"doc_id\":\"D7b\"}",
                "{\"doc_id\":\"D8\"," + ok + ",\"pages\":1e309}",
                "{\"doc_id\":\"D9\"," + ok + ",\"characters\":NaN}",
                "{\"doc_id\":\"D10\"," + ok.replace("organ", "org\\u0000an") + "}",
                "{\"doc_id\":\"D11\"," + ok + ",\"title\":\"bell\\u0007\"}",
                "{\"doc_id\":\"D12\"," + ok + ",\"title\":\"two\\nlines\\twith a tab\"}",
                "{\"DOC_ID\":\"D13\"," + ok + "}",
                "{\"doc_id\":\"D14\"," + ok + ",\"unknown\":{\"deep\":[1,2]}}"));
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DOCUMENTS);
        assertEquals(Set.of(), reasons.get(1L));
        assertEquals(Set.of("invalid_json_value:doc_id", "missing_required:doc_id"), reasons.get(2L));
        assertEquals(Set.of("invalid_json_value:doc_id", "missing_required:doc_id"), reasons.get(3L));
        assertEquals(Set.of("duplicate_key:doc_id"), reasons.get(4L));
        assertEquals(Set.of("duplicate_key:doc_id"), reasons.get(5L), "the same field under its Chinese alias");
        assertEquals(Set.of("trailing_content"), reasons.get(6L));
        assertEquals(Set.of("trailing_content"), reasons.get(7L));
        assertEquals(Set.of("invalid_integer:pages"), reasons.get(8L));
        assertEquals(Set.of("invalid_integer:characters"), reasons.get(9L));
        assertEquals(Set.of("control_character:issuer"), reasons.get(10L));
        assertEquals(Set.of("control_character:title"), reasons.get(11L));
        assertEquals(Set.of(), reasons.get(12L), "a tab and a line break are text");
        assertEquals(Set.of(), reasons.get(13L), "keys in any case");
        assertEquals(Set.of(), reasons.get(14L), "an unknown key may hold anything");
    }

    @Test
    void numbersThatDoNotFitAndUnknownIndicatorsAreInvalid() {
        write(root, "reported_figures/r.jsonl", jsonl(
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"documents_issued\",\"reported_value\":1e309}",
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"documents_issued\",\"reported_value\":NaN}",
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"documents_issued\",\"reported_value\":\"Infinity\"}",
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"paperwork\",\"reported_value\":3}",
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"documents_issued\",\"reported_value\":1.5e3}"));
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.REPORTED_FIGURES);
        assertEquals(Set.of("invalid_number:reported_value"), reasons.get(1L));
        assertEquals(Set.of("invalid_number:reported_value"), reasons.get(2L));
        assertEquals(Set.of("invalid_number:reported_value"), reasons.get(3L));
        assertEquals(Set.of("unknown_indicator:indicator"), reasons.get(4L));
        assertEquals(Set.of(), reasons.get(5L));
    }

    @Test
    void datesOutsideThePlausibleWindowAreOutOfRange() {
        String tomorrowNextYear = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusYears(1)
                .plusDays(1).toString();
        String ok = "\"issuer\":\"organ\",\"issuer_level\":\"county\",\"county_code\":\"533401\"";
        write(root, "documents/d.jsonl", jsonl(
                "{\"doc_id\":\"D1\"," + ok + ",\"issued_on\":\"0001-01-01\"}",
                "{\"doc_id\":\"D2\"," + ok + ",\"issued_on\":\"9999-12-31\"}",
                "{\"doc_id\":\"D3\"," + ok + ",\"issued_on\":\"1999-12-31\"}",
                "{\"doc_id\":\"D4\"," + ok + ",\"issued_on\":\"2000-01-01\"}",
                "{\"doc_id\":\"D5\"," + ok + ",\"issued_on\":\"" + tomorrowNextYear + "\"}"));
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DOCUMENTS);
        assertEquals(Set.of("out_of_range:issued_on"), reasons.get(1L));
        assertEquals(Set.of("out_of_range:issued_on"), reasons.get(2L));
        assertEquals(Set.of("out_of_range:issued_on"), reasons.get(3L));
        assertEquals(Set.of(), reasons.get(4L));
        assertEquals(Set.of("out_of_range:issued_on"), reasons.get(5L));
        write(root, "meetings/m.jsonl", jsonl("{\"meeting_id\":\"M1\",\"organizer\":\"x\",\"organizer_level\":"
                + "\"county\",\"county_code\":\"533401\",\"started_at\":\"1999-12-31T16:30:00Z\","
                + "\"duration_minutes\":60,\"attendees\":3}",
                "{\"meeting_id\":\"M2\",\"organizer\":\"x\",\"organizer_level\":"
                + "\"county\",\"county_code\":\"533401\",\"started_at\":\"1999-12-31T15:30:00Z\","
                + "\"duration_minutes\":60,\"attendees\":3}"));
        Map<Long, Set<String>> meetings = reasonsByLine(RecordType.MEETINGS);
        assertEquals(Set.of(), meetings.get(1L), "2000-01-01 00:30 in Asia/Shanghai");
        assertEquals(Set.of("out_of_range:started_at"), meetings.get(2L), "1999-12-31 23:30 in Asia/Shanghai");
    }

    @Test
    void aNulByteInACsvFieldIsQuarantined() {
        write(root, "documents/d.csv", "doc_id,issuer,issuer_level,county_code,issued_on\n"
                + "A1,x\u0000y,county,533401,2024-03-05\nA2,x,county,533401,2024-03-05\n");
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DOCUMENTS);
        assertEquals(Set.of("control_character:issuer"), reasons.get(2L));
        assertEquals(Set.of(), reasons.get(3L));
    }

    @Test
    void c1ControlsAndUnpairedSurrogatesAreNotText() {
        String ok = ",\"issuer_level\":\"county\",\"county_code\":\"533401\",\"issued_on\":\"2024-03-05\"}";
        write(root, "documents/d.jsonl", jsonl(
                "{\"doc_id\":\"A1\",\"issuer\":\"x\\u0085y\"" + ok,               // NEL, a C1 control
                "{\"doc_id\":\"A2\",\"issuer\":\"x\\ud800y\"" + ok,               // half a pair
                "{\"doc_id\":\"A3\",\"issuer\":\"x\\udc00\"" + ok,                // the other half alone
                "{\"doc_id\":\"A4\",\"issuer\":\"\\ud83d\\ude00 会\"" + ok,        // a whole pair: an emoji
                "{\"doc_id\":\"A5\",\"issuer\":\"x\u0085y\"" + ok));              // NEL as the character itself
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DOCUMENTS);
        assertEquals(Set.of("control_character:issuer"), reasons.get(1L));
        assertEquals(Set.of("unpaired_surrogate:issuer"), reasons.get(2L));
        assertEquals(Set.of("unpaired_surrogate:issuer"), reasons.get(3L));
        assertEquals(Set.of(), reasons.get(4L));
        assertEquals(Set.of("control_character:issuer"), reasons.get(5L));
    }

    @Test
    void platformRules() {
        String ok = "\"kind\":\"工作群\",\"name\":\"防汛值班群\",\"county_code\":\"533401\",\"launched_on\":\"2022-01-01\"";
        write(root, "platforms/p.jsonl", jsonl(
                "{\"platform_id\":\"P1\"," + ok + ",\"features\":\"打卡、排名\"}",
                "{\"platform_id\":\"P2\"," + ok + ",\"retired_on\":\"2021-12-31\"}",
                "{\"platform_id\":\"P3\"," + ok + ",\"members\":10,\"grassroots_members\":11}",
                "{\"platform_id\":\"P4\"," + ok + ",\"features\":[\"checkin\",\"点赞\"]}",
                "{\"platform_id\":\"P5\"," + ok + ",\"retired_on\":\"2022-01-01\"}"));
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.PLATFORMS);
        assertEquals(Set.of(), reasons.get(1L));
        assertEquals(Set.of("retired_before_launched"), reasons.get(2L));
        assertEquals(Set.of("grassroots_exceeds_members"), reasons.get(3L));
        assertEquals(Set.of("invalid_enum:features"), reasons.get(4L));
        assertEquals(Set.of(), reasons.get(5L), "retired the day it launched is allowed");
    }

    @Test
    void divisionHierarchy() {
        write(root, "divisions/d.csv", String.join("\n",
                "区划代码,名称,层级,上级代码,基层干部数",
                "533400,迪庆藏族自治州,州,,",
                "533401,香格里拉市,县级市,533400,",
                "533401101,建塘镇,镇,533401,60",
                "533402101,无主镇,镇,533402,10",
                "533401201,错挂乡,乡,533422,10",
                "533422,德钦县,县,533400,",
                "5334011,短码镇,镇,533401,10",
                "533423,维西县,县,,",
                "533424,某县,县,533401,",
                "533422102,某镇,镇,533422,-5") + "\n");
        Map<Long, Set<String>> reasons = reasonsByLine(RecordType.DIVISIONS);
        assertEquals(Set.of(), reasons.get(2L));
        assertEquals(Set.of(), reasons.get(3L));
        assertEquals(Set.of(), reasons.get(4L));
        assertEquals(Set.of("unknown_parent:parent_code"), reasons.get(5L));
        assertEquals(Set.of("township_code_outside_parent:code"), reasons.get(6L));
        assertEquals(Set.of(), reasons.get(7L));
        assertEquals(Set.of("invalid_code:code"), reasons.get(8L));
        assertEquals(Set.of("missing_parent", "unknown_parent:parent_code"), reasons.get(9L));
        assertEquals(Set.of("unknown_parent:parent_code"), reasons.get(10L), "a county's parent is a prefecture");
        assertEquals(Set.of("out_of_range:grassroots_cadres"), reasons.get(11L));
    }

    @Test
    void divisionCodeLengthMatchesLevel() {
        write(root, "divisions/d.csv", "code,name,level,parent_code\n533400,州,prefecture,\n533401101,县,county,533400\n");
        assertEquals(Set.of("code_length_mismatch"),
                reasonsByLine(RecordType.DIVISIONS).get(3L));
    }

    @Test
    void duplicatesKeepTheFirstCopyByFileThenLine() {
        String doc = "{\"doc_id\":\"D1\",\"issuer\":\"%s\",\"issuer_level\":\"county\",\"county_code\":\"533401\","
                + "\"issued_on\":\"2024-03-05\"}";
        write(root, "documents/b.jsonl", jsonl(String.format(doc, "second file")));
        write(root, "documents/a.jsonl", jsonl(String.format(doc, "first file, first line"),
                String.format(doc, "first file, second line")));
        ValidatedTables.Split split = split(RecordType.DOCUMENTS);
        List<Row> clean = split.clean().collectAsList();
        assertEquals(1, clean.size());
        assertEquals("first file, first line", clean.get(0).getAs("issuer"));
        List<Row> duplicates = split.duplicates().orderBy("source_file", "source_line").collectAsList();
        assertEquals(2, duplicates.size());
        assertEquals(2L, (long) duplicates.get(0).getAs("source_line"));
        assertEquals(1L, (long) duplicates.get(0).getAs("kept_source_line"));
        assertEquals(true, ((String) duplicates.get(1).getAs("source_file")).endsWith("b.jsonl"));
    }

    @Test
    void burdenModelRecordRules() {
        write(root, "platform_tasks/t.jsonl", jsonl(
                "{\"task_id\":\"T1\",\"county_code\":\"533401\",\"pushed_at\":\"2024-03-04 09:00\",\"kind\":\"填报\"}",
                "{\"task_id\":\"T2\",\"county_code\":\"533401\",\"pushed_at\":\"2024-03-04 09:00\",\"kind\":\"点赞\","
                        + "\"recipients\":0,\"expected_minutes\":1441,\"deadline_hours\":-1}"));
        Map<Long, Set<String>> tasks = reasonsByLine(RecordType.PLATFORM_TASKS);
        assertEquals(Set.of(), tasks.get(1L));
        assertEquals(Set.of("invalid_enum:kind", "out_of_range:recipients", "out_of_range:expected_minutes",
                "out_of_range:deadline_hours"), tasks.get(2L));

        write(root, "inspections/i.csv", "事项编号,区划代码,类型,纳入年度计划,报批报备,开始日期\n"
                + "I1,533401,督查,是,,2024年3月1日\nI2,533401,巡视,,是,2024-03-01\n");
        Map<Long, Set<String>> inspections = reasonsByLine(RecordType.INSPECTIONS);
        assertEquals(Set.of(), inspections.get(2L));
        assertEquals(Set.of("invalid_enum:kind", "missing_required:in_annual_plan"), inspections.get(3L));

        write(root, "assessments/a.csv", "county_code,year,routine_score_share\n533401,2024,70%\n533401,2025,120%\n"
                + "533401,24,0.7\n");
        Map<Long, Set<String>> assessments = reasonsByLine(RecordType.ASSESSMENTS);
        assertEquals(Set.of(), assessments.get(2L));
        assertEquals(Set.of("out_of_range:routine_score_share"), assessments.get(3L));
        assertEquals(Set.of("out_of_range:year"), assessments.get(4L));

        write(root, "reported_figures/r.csv", "区划代码,期间,指标,报告增减幅,方向\n533401,2024年上半年,documents_issued,19.5%,减少\n"
                + "533401,2024-H3,documents_issued,-3,持平\n");
        Map<Long, Set<String>> reported = reasonsByLine(RecordType.REPORTED_FIGURES);
        assertEquals(Set.of(), reported.get(2L));
        assertEquals(Set.of("invalid_period:period", "invalid_enum:direction"), reported.get(3L));
        Row figure = split(RecordType.REPORTED_FIGURES).clean().first();
        assertEquals("2024-H1", figure.getAs("period"));
        assertEquals(19.5, (double) figure.getAs("reported_change_pct"));
        assertEquals("decrease", figure.getAs("direction"));
    }

    @Test
    void theNaturalKeyComputedFromCleanColumnsIsTheOneValidationGave() throws java.io.IOException {
        // composite keys with a number (assessments: county, year) and an optional part (reported_figures.source)
        for (RecordType type : List.of(RecordType.ASSESSMENTS, RecordType.REPORTED_FIGURES, RecordType.DOCUMENTS)) {
            java.nio.file.Path folder = java.nio.file.Path.of("data/sample", type.folder());
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
                for (java.nio.file.Path f : files.toList()) {
                    Fixtures.writeBytes(root, type.folder() + "/" + f.getFileName(), java.nio.file.Files.readAllBytes(f));
                }
            }
            Fixtures.write(root, "reported_figures/no-source.csv",
                    "county_code,period,indicator,reported_value\n533401,2024-H1,documents_issued,3\n");
            Dataset<Row> given = validated(type).filter(ValidatedTables.accepted()).select(ValidatedSchema.NATURAL_KEY)
                    .distinct();
            Dataset<Row> computed = split(type).clean().select(Validation.naturalKeyOf(type));
            assertTrue(given.count() > 0, type.folder());
            assertEquals(0, given.exceptAll(computed).count(), type.folder());
            assertEquals(0, computed.exceptAll(given).count(), type.folder());
        }
    }
}
