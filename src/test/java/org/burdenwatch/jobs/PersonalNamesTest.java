package org.burdenwatch.jobs;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.burdenwatch.input.TextEncoding;
import org.burdenwatch.report.ReportCommand;
import org.burdenwatch.report.ReportData;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.testing.StoredText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No personal name is stored anywhere, parseable row or not: names written in every shape an
 * export can hold them (a cut-off JSON line, a key in another case or escaped, an alias, a nested
 * object, a duplicated key, text after the object, a CSV row whose fields cannot be located, the
 * extra name columns offices keep, a repeated record), then every file the run and the report write
 * is searched for them.
 */
class PersonalNamesTest extends SparkTestBase {
    @TempDir
    static Path dir;
    private static Path out;

    /** Each name, and the shape it is hidden in. */
    private static final Map<String, String> NAMES = new TreeMap<>(Map.ofEntries(
            Map.entry("郑十一", "a JSON line cut off after the name"),
            Map.entry("王大锤", "the key LEADER in upper case"),
            Map.entry("周带队", "the Chinese alias 带队领导"),
            Map.entry("陈转义", "the key written with a JSON escape"),
            Map.entry("吴嵌套", "a leader nested in an unknown object"),
            Map.entry("郑重复", "the leader key given twice"),
            Map.entry("冯尾随", "a second object after the first"),
            Map.entry("孙领导", "an extra name key leader_name"),
            Map.entry("卫联系", "an extra name key Contact"),
            Map.entry("褚再现", "a repeated record (duplicates table)"),
            Map.entry("李四光", "a CSV row with a field too many"),
            Map.entry("蒋未闭", "a CSV row whose quote never closes"),
            Map.entry("赵负责", "a 负责人 column in a GB18030 CSV"),
            Map.entry("钱联系", "a 联系人 column of a meetings CSV"),
            Map.entry("沈坏字", "a line with a byte that is not UTF-8"),
            Map.entry("韩全角", "the key written in full-width letters"),
            Map.entry("杨零宽", "the key with a zero-width space before it")));

    private static final String VISIT = "\"county_code\":\"533401\",\"visited_on\":\"2024-04-01\",\"problems_solved\":1";

    @BeforeAll
    static void runWithNamesEverywhere() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        String badByteLine = "{\"visit_id\":\"V15\",\"leader\":\"沈坏字\"," + VISIT + ",\"note\":\"x";
        byte[] visits = (jsonl(
                "{\"visit_id\":\"V1\",\"leader\":\"郑十一",
                "{\"visit_id\":\"V2\",\"LEADER\":\"王大锤\"," + VISIT + "}",
                "{\"visit_id\":\"V3\",\"带队领导\":\"周带队\"," + VISIT + "}",
                "{\"visit_id\":\"V4\",\"le\\u0061der\":\"陈转义\"," + VISIT + ",\"problems_solved\":2}",
                "{\"visit_id\":\"V5\"," + VISIT + ",\"team\":{\"members\":[{\"Leader\":\"吴嵌套\"}]},\"problems_solved\":-1}",
                "{\"visit_id\":\"V6\",\"leader\":\"甲\",\"leader\":\"郑重复\"," + VISIT + "}",
                "{\"visit_id\":\"V7\"," + VISIT + "}{\"leader\":\"冯尾随\"}",
                "{\"visit_id\":\"V8\",\"leader_name\":\"孙领导\"," + VISIT + ",\"problems_solved\":\"many\"}",
                "{\"visit_id\":\"V9\",\"Contact\":\"卫联系\"," + VISIT + "}",
                "{\"visit_id\":\"V10\",\"leader\":\"褚再现\"," + VISIT + "}",
                "{\"visit_id\":\"V10\",\"leader\":\"褚再现\"," + VISIT + "}",
                "{\"visit_id\":\"V11\",\"ｌｅａｄｅｒ\":\"韩全角\"," + VISIT + ",\"problems_solved\":-2}",
                "{\"visit_id\":\"V12\",\"\u200bleader\":\"杨零宽\"," + VISIT + ",\"problems_solved\":-3}")
                + badByteLine).getBytes(StandardCharsets.UTF_8);
        byte[] withBadByte = new byte[visits.length + 3];
        System.arraycopy(visits, 0, withBadByte, 0, visits.length);
        withBadByte[visits.length] = (byte) 0xFF; // not UTF-8, not GB18030 either
        withBadByte[visits.length + 1] = '"';
        withBadByte[visits.length + 2] = '}';
        Fixtures.writeBytes(input, "research_visits/visits.jsonl", withBadByte);
        write(input, "research_visits/visits.csv", "visit_id,leader,county_code,visited_on,problems_solved\n"
                + "V20,李四光,533401,2024-04-02,1,extra\n"
                + "V21,\"蒋未闭,533401,2024-04-02,1\n");
        write(input, "documents/登记.csv", "文号,发文单位,发文层级,区划代码,发文日期,负责人\r\n"
                + "A1,香格里拉市人民政府,县级,533401,2024-03-05,赵负责\r\n"
                + "A2,香格里拉市人民政府,县级,533401,2024/2/30,赵负责\r\n", TextEncoding.GB18030);
        write(input, "meetings/m.csv", "meeting_id,organizer,organizer_level,county_code,started_at,"
                + "duration_minutes,attendees,联系人\n"
                + "M1,x,county,533401,2024-03-05 09:00,60,10,钱联系\n"
                + "M2,x,county,533401,2024-03-05 09:00,0,10,钱联系\n");
        out = dir.resolve("out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        ReportCommand.write(spark, out.toString(), ReportData.load(spark, out.toString(), "2024-H1"));
    }

    @Test
    void noNameIsStoredInAnyFileOfTheOutput() throws IOException {
        StoredText.Search search = StoredText.search(spark, out, NAMES.keySet());
        for (String found : search.found()) {
            String name = found.substring(0, found.indexOf(' '));
            fail(found + " (" + NAMES.get(name) + ")");
        }
        assertTrue(search.parquetFiles() > 25, "every table was scanned: " + search.parquetFiles() + " Parquet files");
        assertTrue(search.files().stream().anyMatch(f -> f.getFileName().toString().startsWith("report-")),
                "and the report");
    }

    @Test
    void whatCannotBeLocatedKeepsNoRawTextButItsLengthAndDigest() {
        List<Row> quarantined = spark.read().parquet(out.resolve("quarantine/research_visits").toString())
                .orderBy("source_file", "source_line").collectAsList();
        List<String> unlocated = new ArrayList<>();
        for (Row r : quarantined) {
            String where = r.getAs("source_file") + ":" + r.getAs("source_line");
            if (r.isNullAt(r.fieldIndex("raw"))) {
                unlocated.add(where.substring(where.lastIndexOf('/') + 1));
                assertEquals(64, ((String) r.getAs("raw_sha256")).length(), where);
                assertTrue((long) r.getAs("raw_length") > 0, where);
            } else {
                assertTrue(r.isNullAt(r.fieldIndex("raw_sha256")), where);
            }
        }
        assertEquals(List.of("visits.csv:2", "visits.csv:3", "visits.jsonl:1"), unlocated);
        Row upper = spark.read().parquet(out.resolve("quarantine/research_visits").toString())
                .filter("raw like '%V8%'").first();
        assertTrue(((String) upper.getAs("raw")).contains("\"leader_name\":\"[redacted]\""), upper.getString(3));
    }
}
