package org.burdenwatch.indicators;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import static org.burdenwatch.testing.IndicatorRows.row;

import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.testing.StoredText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks, 督检考, research visits, 平时分, burden hours, burden shifted, targets and the audit, on a
 * hand-made input whose every figure is worked out in the comments.
 */
class BurdenModelTest extends SparkTestBase {
    @TempDir
    static Path workspace;
    static Path out;
    static Dataset<Row> county;
    static Dataset<Row> targets;
    static Dataset<Row> audit;
    static final List<String> LEADERS = List.of("测试领导甲", "测试领导乙", "测试领导丙");

    private static String doc(String id, String county, String day, boolean report, String scope, int chars) {
        return String.format("{\"doc_id\":\"%s\",\"issuer\":\"organ\",\"issuer_level\":\"county\",\"county_code\":\"%s\","
                + "\"issued_on\":\"%s\",\"requires_grassroots_report\":%s,\"scope\":\"%s\",\"characters\":%d}",
                id, county, day, report, scope, chars);
    }

    private static String meeting(String id, String county, String at, int minutes, int grassroots) {
        return String.format("{\"meeting_id\":\"%s\",\"organizer\":\"organ\",\"organizer_level\":\"county\","
                + "\"county_code\":\"%s\",\"started_at\":\"%s\",\"duration_minutes\":%d,\"attendees\":50,"
                + "\"grassroots_attendees\":%d}", id, county, at, minutes, grassroots);
    }

    private static String task(String id, String county, String at, String kind, int recipients, Integer minutes,
                               Integer deadline) {
        return String.format("{\"task_id\":\"%s\",\"platform_id\":\"P1\",\"county_code\":\"%s\",\"pushed_at\":\"%s\","
                + "\"kind\":\"%s\",\"recipients\":%d%s%s}", id, county, at, kind, recipients,
                minutes == null ? "" : ",\"expected_minutes\":" + minutes,
                deadline == null ? "" : ",\"deadline_hours\":" + deadline);
    }

    @BeforeAll
    static void runTheJob() throws Exception {
        Path input = Fixtures.inputWithDivisions(workspace.resolve("in")); // 533401 has 2 townships, 100 cadres
        write(input, "documents/d.jsonl", jsonl(
                doc("A0", "533401", "2023-03-01", true, "routine", 100),
                doc("A1", "533401", "2024-03-01", true, "special", 4001),       // over 4,000: over length
                doc("A2", "533401", "2024-03-02", false, "routine", 5000),      // exactly 5,000: not over
                doc("A3", "533401", "2024-03-03", false, "comprehensive", 9000), // exempt
                doc("B0", "533422", "2023-03-01", false, "routine", 100),
                doc("B1", "533422", "2023-03-02", false, "routine", 100),
                doc("B2", "533422", "2024-03-01", false, "routine", 100),
                // the prefecture's own: the records cover 2023-01 to 2024-12, so every half-year is complete
                "{\"doc_id\":\"P0\",\"issuer\":\"州\",\"issuer_level\":\"prefecture\",\"county_code\":\"533400\","
                        + "\"issued_on\":\"2023-01-02\"}",
                "{\"doc_id\":\"P1\",\"issuer\":\"州\",\"issuer_level\":\"prefecture\",\"county_code\":\"533400\","
                        + "\"issued_on\":\"2024-12-30\"}",
                // a prefecture organ's document requiring a report: it reaches all 3 townships of its counties
                "{\"doc_id\":\"P2\",\"issuer\":\"州\",\"issuer_level\":\"prefecture\",\"county_code\":\"533400\","
                        + "\"issued_on\":\"2024-02-01\",\"requires_grassroots_report\":true}"));
        write(input, "meetings/m.jsonl", jsonl(
                meeting("M0", "533401", "2023-03-05 09:00", 60, 6),
                meeting("M1", "533401", "2024-03-05 09:00", 240, 10),  // half a day exactly: not over
                meeting("M2", "533401", "2024-03-06 09:00", 241, 0),   // over half a day
                meeting("N0", "533422", "2023-03-01 09:00", 30, 0),
                meeting("N1", "533422", "2023-03-02 09:00", 30, 0),
                meeting("N2", "533422", "2024-03-01 09:00", 30, 0)));
        write(input, "platform_tasks/t.jsonl", jsonl(
                task("T1", "533401", "2024-03-04 08:29", "report", 2, 30, 23),     // before 08:30; deadline < 24 h
                task("T2", "533401", "2024-03-04 08:30", "report", 1, 10, 24),     // on time; 24 h is not short
                task("T3", "533401", "2024-03-04 18:00", "checkin", 3, null, null), // 18:00 is not after 18:00
                task("T4", "533401", "2024-03-04 18:01", "photo_proof", 1, 20, null),
                task("T5", "533401", "2024-03-03 10:00", "report", 1, 15, null),   // a Sunday
                task("T6", "533401", "2024-03-04T10:01:00Z", "ranking", 1, 15, null), // 18:01 in Shanghai
                task("U0", "533422", "2023-03-01 10:00", "report", 1, 10, null),
                task("U1", "533422", "2024-03-01 10:00", "report", 1, 10, null),
                task("U2", "533422", "2024-03-01 11:00", "report", 1, 10, null)));
        StringBuilder items = new StringBuilder("item_id,county_code,kind,in_annual_plan,approved,started_on,units_inspected\n");
        for (int i = 1; i <= 49; i++) { // 49 items of a plan capped at 50; one outside the plan, two unapproved
            items.append(String.format("I%02d,533401,检查,%s,%s,2024-02-01,1%n", i, i == 1 ? "否" : "是", i <= 2 ? "否" : "是"));
        }
        write(input, "inspections/i.csv", items.toString());
        write(input, "research_visits/v.jsonl", jsonl(
                "{\"visit_id\":\"V1\",\"leader\":\"测试领导甲\",\"county_code\":\"533401\",\"township_code\":\"533401101\","
                        + "\"visited_on\":\"2024-04-01\",\"problems_solved\":2,\"unannounced\":\"是\"}",
                "{\"visit_id\":\"V2\",\"leader\":\"测试领导乙\",\"county_code\":\"533401\",\"visited_on\":\"2024-04-02\","
                        + "\"problems_solved\":0}",
                "{\"visit_id\":\"V3\",\"leader\":\"测试领导丙\",\"county_code\":\"533401\",\"visited_on\":\"2024-04-03\","
                        + "\"problems_solved\":-1}",
                "{\"visit_id\":\"V4\",\"leader\":\"测试领导乙\",\"county_code\":\"533401\",\"visited_on\":"));
        write(input, "assessments/a.csv", "区划代码,年度,平时分占比\n533401,2024,72%\n533422,2024,0.65\n");
        write(input, "reported_figures/r.csv", String.join("\n",
                "county_code,period,indicator,reported_value,reported_prev_value,reported_change_pct,direction,source",
                "533422,2024-H1,documents_issued,1,2,100,减少,wrong base",        // (1 - 2) / 1: the current period as base
                "533401,2024-H1,documents_issued,3,1,66.7,增加,wrong base rise",  // (3 - 1) / 3: a rise on the same base
                "533422,2024-H1,documents_issued,1,2,-50,,correct",
                "533422,2024-H1,meetings_held,1,2,60,decrease,inflated",
                "533422,2024年上半年,documents_issued,5,,,,mismatch",
                "533401,2021,documents_issued,3,,,,not covered",
                "533401,2024-H1,paperwork,3,,,,unknown indicator") + "\n");
        Path targetsFile = write(workspace, "targets.json", "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2,"
                + " \"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10,"
                + " \"inspection_plan_caps\": {\"533401\": 50}},"
                + " \"targets\": ["
                + "{\"name\": \"cap\", \"indicator\": \"inspection_plan_cap_use\", \"direction\": \"at_most\", \"threshold\": 1},"
                + "{\"name\": \"routine\", \"indicator\": \"routine_score_share\", \"direction\": \"at_least\","
                + " \"threshold\": 0.7, \"period_types\": [\"year\"]},"
                + "{\"name\": \"fewer_documents\", \"indicator\": \"documents_issued\", \"direction\": \"at_most\","
                + " \"yoy_reduction_pct\": 0, \"period_types\": [\"half\"]},"
                + "{\"name\": \"fewer_documents\", \"indicator\": \"documents_issued\", \"direction\": \"at_most\","
                + " \"threshold\": 10, \"period_types\": [\"half\"], \"divisions\": [\"533401\"]},"
                + "{\"name\": \"not_shifted\", \"indicator\": \"burden_shifted\", \"direction\": \"at_most\", \"threshold\": 0}"
                + "]}").toAbsolutePath();
        out = workspace.resolve("out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(), targetsFile.toString(), null));
        county = spark.read().parquet(out.resolve("indicators/county").toString()).cache();
        targets = spark.read().parquet(out.resolve("targets").toString()).cache();
        audit = spark.read().parquet(out.resolve("audit/reported_figures").toString()).cache();
    }

    private static Object value(String division, String period, String column) {
        return row(county, division, period).getAs(column);
    }

    @Test
    void tasksAfterHoursShortDeadlinesAndCheckIns() {
        assertEquals(6L, value("533401", "2024-03", "tasks_pushed"));
        // T1 08:29, T4 18:01, T5 Sunday, T6 18:01 Shanghai (10:01 UTC); not T2 08:30 nor T3 18:00
        assertEquals(4L, value("533401", "2024-03", "tasks_after_hours"));
        assertEquals(1L, value("533401", "2024-03", "tasks_short_deadline"));
        assertEquals(2L, value("533401", "2024-03", "tasks_checkin_or_photo"));
        // 2×30 + 1×10 + 3×0 + 1×20 + 1×15 + 1×15
        assertEquals(120L, value("533401", "2024-03", "task_recipient_minutes"));
        assertEquals(0.06, value("533401", "2024-03", "tasks_per_cadre"));      // 6 / 100 cadres
        assertEquals(0.02, value("533401", "2024-03", "task_hours_per_cadre")); // 2 h / 100
    }

    @Test
    void documentAndMeetingRulesOf2024() {
        assertEquals(1L, value("533401", "2024-H1", "documents_over_length"));
        assertEquals(1L, value("533401", "2024-H1", "meetings_over_half_day"));
    }

    @Test
    void inspectionsAndThePlanCap() {
        assertEquals(49L, value("533401", "2024", "inspections_total"));
        assertEquals(1L, value("533401", "2024", "inspections_outside_plan"));
        assertEquals(2L, value("533401", "2024", "inspections_unapproved"));
        assertEquals(49L, value("533401", "2024", "units_inspected"));
        assertEquals(50L, value("533401", "2024", "inspection_plan_cap"));
        assertEquals(0.98, value("533401", "2024", "inspection_plan_cap_use"));
        assertNull(value("533422", "2024", "inspection_plan_cap_use"), "no cap configured");
    }

    @Test
    void researchVisitsAndRoutineScores() {
        assertEquals(2L, value("533401", "2024-H1", "research_visits")); // V3 and V4 are quarantined
        assertEquals(0.5, value("533401", "2024-H1", "visits_solving_problems_share"));
        assertEquals(1.0, value("533401", "2024-H1", "problems_solved_per_visit"));
        assertEquals(0.5, value("533401", "2024-H1", "unannounced_visit_share"));
        assertEquals(0.72, value("533401", "2024", "routine_score_share"));
        assertEquals(0.72, value("533401", "2024-Q2", "routine_score_share"), "carried to the year's sub-periods");
        assertNull(value("533401", "2023", "routine_score_share"));
    }

    @Test
    void burdenHoursByTheStandardCostModel() {
        // meetings 240×10 + 241×0 min = 40 h; tasks 120 min = 2 h; 1 document requiring a report × 2 h × 2 townships
        // = 4 h; 49 units inspected × 4 h = 196 h: 242 h for 100 cadres
        assertEquals(242.0, value("533401", "2024-H1", "burden_hours"));
        assertEquals(2.42, value("533401", "2024-H1", "burden_hours_per_cadre"));
        // a year before: meetings 60×6 min = 6 h; documents 1 × 2 h × 2 = 4 h
        assertEquals(10.0, value("533401", "2024-H1", "burden_hours_prev"));
        assertEquals(2320.0, value("533401", "2024-H1", "burden_hours_change_pct"));
        assertEquals(0.8099, value("533401", "2024-H1", "burden_share_inspections"));
        assertEquals(0.1653, value("533401", "2024-H1", "burden_share_meetings"));
        assertEquals(0.0083, value("533401", "2024-H1", "burden_share_tasks"));
        assertEquals(0.0165, value("533401", "2024-H1", "burden_share_documents"));
    }

    @Test
    void aPrefecturesBurdenIsItsCountiesPlusItsOwnOrgans() {
        // 2024-H1: A1 of Shangri-La (2 townships) and P2 of the prefecture's own organs (all 3 townships)
        // require a report: 2 + 3 = 5 township reports, not 2 documents × 3 townships = 6
        assertEquals(2L, value("533401", "2024-H1", "township_reports_demanded"));
        assertEquals(0L, value("533422", "2024-H1", "township_reports_demanded"));
        assertEquals(5L, value("533400", "2024-H1", "township_reports_demanded"));
        // burden hours: Shangri-La's 242 + Deqin's + the organs' own 3 reports × 2 h = 6 h
        double deqin = (Double) value("533422", "2024-H1", "burden_hours");
        assertEquals(242.0 + deqin + 6.0, (Double) value("533400", "2024-H1", "burden_hours"), 1e-9);
        // documents' share: 5 × 2 h = 10 h of the prefecture's burden hours
        double total = (Double) value("533400", "2024-H1", "burden_hours");
        assertEquals(Math.round(10.0 / total * 10_000) / 10_000.0, value("533400", "2024-H1", "burden_share_documents"));
    }

    @Test
    void burdenShiftedOnAndOff() {
        // Deqin: documents 2 → 1, meetings 2 → 1, tasks 1 → 2 (+100% > 10%)
        assertEquals(Boolean.TRUE, value("533422", "2024-H1", "burden_shifted"));
        // Shangri-La: documents rose from 1 to 3
        assertEquals(Boolean.FALSE, value("533401", "2024-H1", "burden_shifted"));
        // no previous year: not known
        assertNull(value("533422", "2023-H1", "burden_shifted"));
    }

    private static String status(String division, String period, String target) {
        List<Row> rows = targets.filter("division_code = '" + division + "' and period = '" + period
                + "' and target = '" + target + "'").collectAsList();
        assertEquals(1, rows.size(), division + " " + period + " " + target);
        return rows.get(0).getAs("status");
    }

    @Test
    void targetsMetMissedAndNotApplicable() {
        // Shangri-La's April 2024 visits are a third quarantined: its 2024 and 2024-H1 values that hold are
        // unverified (quality/completeness), not met; misses and missing values stay what they are
        assertEquals("unverified", status("533401", "2024", "cap"));
        String reason = targets.filter("division_code = '533401' and period = '2024' and target = 'cap'").first()
                .getAs("unverified_reason");
        // V3 and V4 of April 2024 are quarantined: a third of that month's visits
        assertTrue(reason != null && reason.contains("research_visits 2024-04 quarantine_heavy"),
                "the reason names the gap: " + reason);
        assertEquals("not_applicable", status("533422", "2024", "cap"));
        assertEquals("unverified", status("533401", "2024", "routine"));
        assertEquals("missed", status("533422", "2024", "routine"));
        assertEquals("not_applicable", status("533401", "2023", "routine"));
        // a division's own entry replaces the default: Shangri-La is held to ≤ 10, the others to last year
        assertEquals("unverified", status("533401", "2024-H1", "fewer_documents"));
        assertEquals(10.0, (double) targets.filter("division_code = '533401' and period = '2024-H1' and "
                + "target = 'fewer_documents'").first().getAs("threshold"));
        // Deqin's months of 2024-H1 are all ok or without history: complete, so its target is met
        assertEquals("met", status("533422", "2024-H1", "fewer_documents"));
        assertEquals("not_applicable", status("533422", "2023-H1", "fewer_documents"));
        assertEquals("missed", status("533422", "2024-H1", "not_shifted"));
        assertEquals(1L, value("533422", "2024-H1", "targets_missed"));
        assertEquals(0L, targets.filter("period_type = 'month' and target = 'routine'").count());
    }

    private static Row audited(String source) {
        return audit.filter("source = '" + source + "'").first();
    }

    @Test
    void everyAuditVerdict() {
        assertEquals("change_wrong_base", audited("wrong base").getAs("verdict"));
        assertEquals(-50.0, (double) audited("wrong base").getAs("computed_change_pct"));
        assertEquals(-100.0, (double) audited("wrong base").getAs("reported_change_signed_pct"));
        assertEquals("consistent", audited("correct").getAs("verdict"));
        assertEquals("change_misstated", audited("inflated").getAs("verdict"));
        Row mismatch = audited("mismatch");
        assertEquals("value_mismatch", mismatch.getAs("verdict"));
        assertEquals("2024-H1", mismatch.getAs("period"), "2024年上半年 normalised");
        assertEquals(1.0, (double) mismatch.getAs("computed_value"));
        assertEquals("not_computable", audited("not covered").getAs("verdict"));
        assertEquals(0, audit.filter("source = 'unknown indicator'").count(), "an unknown indicator is quarantined");
        assertEquals(1, spark.read().parquet(out.resolve("quarantine/reported_figures").toString())
                .filter("array_contains(reasons, 'unknown_indicator:indicator')").count());
        String explanation = audited("wrong base").getAs("explanation");
        assertTrue(explanation.contains("the current period used as the base"), explanation);
        assertTrue(explanation.contains("以本期为基数"), explanation);
        // the subtraction as the county made it, current minus previous over current, for both signs
        assertTrue(explanation.contains("the stated -100.0% equals (1 − 2) / 1"), explanation);
        Row rise = audited("wrong base rise");
        assertEquals("change_wrong_base", rise.getAs("verdict"));
        String risen = rise.getAs("explanation");
        assertTrue(risen.contains("computed 3 vs 1 = +200.0%; the stated +66.7% equals (3 − 1) / 3"), risen);
        assertTrue(risen.contains("所报 +66.7% 等于 (3 − 1) / 3"), risen);
    }

    @Test
    void personalNamesReachNoOutput() throws IOException {
        assertEquals(2L, spark.read().parquet(out.resolve("quarantine/research_visits").toString()).count());
        StoredText.Search search = StoredText.search(spark, out, LEADERS); // every table and run summary
        assertEquals(List.of(), search.found());
        assertTrue(search.parquetFiles() > 20, "every table was scanned: " + search.parquetFiles());
        Row cut = spark.read().parquet(out.resolve("quarantine/research_visits").toString())
                .filter("source_line = 4").first();
        assertTrue(cut.isNullAt(cut.fieldIndex("raw")), "a line cut off mid-record keeps no raw text");
        assertEquals(64, ((String) cut.getAs("raw_sha256")).length());
    }

    @Test
    void aMalformedTargetsFileStopsTheRunBeforeTheOutputIsTouched() {
        Path bad = write(workspace, "bad-targets.json", "{\"version\": 1, \"parameters\": {}, \"targets\": []}");
        Path fresh = workspace.resolve("never-written");
        InputProblem e = assertThrows(InputProblem.class, () -> BurdenIndicatorsJob.run(spark,
                new JobConfig(workspace.resolve("in").toString(), fresh.toString(), bad.toString(), null)));
        assertTrue(e.getMessage().contains("bad-targets.json: parameters: \"hours_per_report\" is missing"),
                e.getMessage());
        assertFalse(Files.exists(fresh));
    }

    @Test
    void thePlanCapAt49And50IsMetAnd51Missed() {
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("division_code", DataTypes.StringType).add("division_name", DataTypes.StringType)
                .add("period_type", DataTypes.StringType).add("period", DataTypes.StringType)
                .add("inspections_total", DataTypes.LongType)
                .add("data_complete", DataTypes.BooleanType).add("data_gaps", DataTypes.StringType)
                .add("period_complete", DataTypes.BooleanType);
        Dataset<Row> years = spark.createDataFrame(List.of(
                org.apache.spark.sql.RowFactory.create("A", "a", "year", "2024", 49L, true, null, true),
                org.apache.spark.sql.RowFactory.create("B", "b", "year", "2024", 50L, true, null, true),
                org.apache.spark.sql.RowFactory.create("C", "c", "year", "2024", 51L, true, null, true)), schema);
        org.burdenwatch.records.TargetsFile file = org.burdenwatch.records.TargetsFile.parse("cap.json",
                "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4, "
                        + "\"burden_shift_margin_pct\": 10}, \"targets\": [{\"name\": \"cap\", "
                        + "\"indicator\": \"inspections_total\", \"direction\": \"at_most\", \"threshold\": 50}]}",
                Indicators.forTargets());
        List<Row> statuses = org.burdenwatch.targets.TargetEvaluation.evaluate(years, file)
                .orderBy("division_code").select("status").collectAsList();
        assertEquals(List.of("met", "met", "missed"), statuses.stream().map(r -> r.getString(0)).toList());
    }
}
