package org.burdenwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The report page from the sample run: figures equal the tables; no data is said, not drawn. (The browser test is src/test/browser.) */
class ReportPageTest extends SparkTestBase {
    static Path out;
    static String page;

    @BeforeAll
    static void render() throws Exception {
        out = SampleOutput.folder(spark);
        page = ReportPage.render(ReportData.load(spark, out.toString(), "2024-H1"), "now");
    }

    private static final Pattern FIGURE = Pattern.compile(
            "data-division=\"(\\d+)\" data-indicator=\"(\\w+)\" data-field=\"(\\w+)\">([^<]*)<");

    @Test
    void everyFigureOnThePageEqualsTheCountyTable() {
        java.util.Map<String, Row> rows = new java.util.HashMap<>();
        for (Row r : spark.read().parquet(out.resolve("indicators/county").toString())
                .filter("period = '2024-H1'").collectAsList()) {
            rows.put(r.getAs("division_code"), r);
        }
        Matcher m = FIGURE.matcher(page);
        int checked = 0;
        while (m.find()) {
            String column = m.group(3).equals("value") ? m.group(2) : m.group(2) + "_" + m.group(3);
            Row row = rows.get(m.group(1));
            int at = row.fieldIndex(column);
            Double expected = row.isNullAt(at) ? null : ((Number) row.get(at)).doubleValue();
            Double shown = ReportPage.parse(m.group(4));
            if (expected == null) {
                assertNull(shown, column);
            } else {
                double scale = m.group(3).equals("change_pct") ? 10 : 100;
                assertEquals(Math.round(expected * scale) / scale, shown, 1e-9, m.group(1) + " " + column);
            }
            checked++;
        }
        assertTrue(checked > 100, checked + " figures");
    }

    @Test
    void eachTypesCommonestQuarantineReasonsAreItsTableCountedThreeAtMost() throws Exception {
        ReportData data = ReportData.load(spark, out.toString(), "2024-H1");
        int withReasons = 0;
        for (ReportData.TypeCount c : data.quarantine()) {
            java.util.List<String> expected = new java.util.ArrayList<>();
            Path table = out.resolve("quarantine/" + c.recordType());
            if (c.quarantined() > 0 && Files.exists(table)) {
                for (Row r : spark.read().parquet(table.toString())
                        .select(org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.col("reasons"))
                                .as("reason"))
                        .groupBy("reason").count().orderBy(org.apache.spark.sql.functions.desc("count"),
                                org.apache.spark.sql.functions.asc("reason")).limit(3).collectAsList()) {
                    expected.add(r.getString(0) + " ×" + r.getLong(1));
                }
            }
            assertEquals(expected, c.topReasons(), c.recordType());
            withReasons += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(withReasons >= 3, withReasons + " types with quarantined records");
    }

    @Test
    void theGlanceShowsThePrefecturesHeadlineFiguresAndTheArticlesCounty() {
        assertTrue(page.contains("data-division=\"533400\" data-indicator=\"documents_issued\" data-field=\"value\">1,154<"));
        assertTrue(page.contains("data-division=\"533401\" data-indicator=\"documents_issued\" data-field=\"change_pct\">−16.3%<"));
        assertTrue(page.contains("<svg class=\"bars\""));
        assertTrue(page.contains("id=\"targets\"") && page.contains("id=\"audit\"") && page.contains("id=\"quarantine\"")
                && page.contains("id=\"data-quality\""));
        assertTrue(page.contains("change_wrong_base"), "the article's claims are findings");
    }

    @Test
    void theDataQualitySectionSaysForEachDivisionWhetherItsRecordsAreCompleteAndMarksTheCharts() {
        assertTrue(page.contains("id=\"data-quality\""));
        int complete = 0;
        int incomplete = 0;
        for (Row r : spark.read().parquet(out.resolve("indicators/county").toString())
                .filter("period = '2024-H1'").collectAsList()) {
            String code = r.getAs("division_code");
            Matcher row = Pattern.compile("<tr data-division=\"" + code + "\"><td>([^<]*)<span[^>]*>[^<]*</span></td>"
                    + "<td>([^<]*)</td><td class=\"gaps\">([^<]*)</td>").matcher(page);
            assertTrue(row.find(), code + " has a row in the data-quality table");
            boolean isComplete = r.<Boolean>getAs("data_complete");
            assertEquals(isComplete ? "是 yes" : "否 no", row.group(2), code);
            assertEquals(isComplete ? "" : r.<String>getAs("data_gaps"), row.group(3), code);
            String name = r.getAs("division_name");
            if (!"prefecture".equals(r.getAs("level"))) {
                assertEquals(!isComplete, page.contains("class=\"county incomplete\">" + name + " *</text>"),
                        code + ": an incomplete county is marked on the charts, a complete one is not");
            }
            if (isComplete) {
                complete++;
            } else {
                incomplete++;
            }
        }
        assertTrue(complete > 0 && incomplete > 0, "the sample has complete and incomplete divisions: "
                + complete + " / " + incomplete);
    }

    @Test
    void aYearUnderWayGetsItsProjectionsAndACompleteOneNone() throws Exception {
        ReportData d = ReportData.load(spark, out.toString(), "2024-H1");
        assertTrue(d.projections().isEmpty(), "the sample's years are complete: nothing to project");
        assertFalse(page.contains("id=\"projections\""));
        ReportData underWay = new ReportData(d.period(), d.periodsAvailable(), d.prefecture(), d.counties(),
                d.missedTargets(), d.findings(), d.quarantine(), d.runId(), List.of(
                new ReportData.Projection("2024", "533422", "德钦县", "documents_not_above_last_year", "at_most",
                        400.0, 600.0, 550.0, "at_risk"),
                new ReportData.Projection("2024", "533401", "香格里拉市", "meetings_not_above_last_year", "at_most",
                        80.0, 120.5, 200.0, "on_track")), d.prefectures(), d.revisions(), d.revisedPerDivision());
        String html = ReportPage.render(underWay, "now");
        assertTrue(html.contains("id=\"projections\"") && html.contains("年度预测"));
        assertTrue(html.contains("<tr class=\"at_risk\"><td>德钦县 <span class=\"code\">533422</span></td>"
                + "<td>documents_not_above_last_year</td><td class=\"n\">400</td><td class=\"n\">600</td>"
                + "<td class=\"n\">≤ 550</td><td>有风险 at risk</td></tr>"), html);
        assertTrue(html.contains("<td class=\"n\">120.5</td>"));
    }

    @Test
    void thePageFetchesNothing() {
        assertTrue(page.contains("Content-Security-Policy\" content=\"default-src 'none'"));
        for (String remote : List.of("http://", "https://", "<script", "<link", "src=\"")) {
            assertFalse(page.contains(remote), remote);
        }
    }

    @Test
    void aPeriodWithNoDataSaysSoAndDrawsNoChart() throws Exception {
        ReportData none = ReportData.load(spark, out.toString(), "2030-H1");
        assertFalse(none.hasData());
        String html = ReportPage.render(none, "now");
        assertTrue(html.contains("id=\"no-data\""));
        assertTrue(html.contains("2024-H1"), "lists the periods that have data");
        assertFalse(html.contains("<svg class=\"bars\""));
    }

    @Test
    void theDefaultPeriodIsTheLatestCompleteHalfYear() throws Exception {
        assertEquals("2024-H2", ReportData.load(spark, out.toString(), null).period().label());
        Path written = Path.of(ReportCommand.write(spark, out.toString(),
                ReportData.load(spark, out.toString(), null)).replace("file:", ""));
        assertTrue(Files.readString(written).contains("2024-H2"));
    }

    @Test
    void figuresAndTextAreShownSafely() {
        assertEquals("1,154", ReportPage.format(1154.0, false));
        assertEquals("32.38", ReportPage.format(32.38, false));
        assertEquals("−16.3%", ReportPage.format(-16.3, true));
        assertEquals("+3.8%", ReportPage.format(3.8, true));
        assertEquals("—", ReportPage.format(null, false));
    }

    @Test
    void everyNameAndTextIsEscapedByTheTemplatesWhereverItIsShown() throws Exception {
        // a division, a gap, a target's rule and a run id as a careless or hostile export might hold them
        String hostile = "<script>alert(1)</script>\"'&<xmp>";
        ReportData d = ReportData.load(spark, out.toString(), "2024-H1");
        List<ReportData.Division> counties = d.counties().stream().map(c -> new ReportData.Division(c.code(),
                hostile, c.parentCode(), c.values(), hostile, c.quarantinedShare(), c.targetsUnverified())).toList();
        List<ReportData.MissedTarget> missed = d.missedTargets().stream().map(t -> new ReportData.MissedTarget(
                t.divisionCode(), hostile, t.target(), t.indicator(), t.direction(), t.value(), t.threshold(), hostile))
                .toList();
        String html = ReportPage.render(new ReportData(d.period(), d.periodsAvailable(), d.prefecture(), counties,
                missed, d.findings(), d.quarantine(), hostile, d.projections(), d.prefectures(), d.revisions(), d.revisedPerDivision()), "now");
        assertFalse(html.contains("<script>"), "no value becomes markup");
        assertFalse(html.contains("<xmp>"), "no value becomes markup");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "names are shown as text");
        assertTrue(html.contains("data-division=\"533401\""), "attributes still carry the codes");
        String overview = ReportPage.renderOverview(ReportData.load(spark, out.toString(), "2024-H1"), hostile,
                code -> "page-" + code + "\"onclick=\"x.html");
        assertFalse(overview.contains("<script>") || overview.contains("\"onclick=\""), "nor in the overview's links");
    }
}
