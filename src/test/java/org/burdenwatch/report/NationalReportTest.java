package org.burdenwatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.sample.NationalGenerator;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output holding several prefectures: an overview page linking to each prefecture's own page. */
class NationalReportTest extends SparkTestBase {
    @TempDir
    static Path dir;
    static Path out;
    static ReportData data;

    @BeforeAll
    static void nationalRun() throws Exception {
        // 12 counties: prefecture 110100 with 9, 110200 with 3
        NationalGenerator.generate(spark, NationalGenerator.Options.parse(new String[] {"--output",
            dir.resolve("in").toString(), "--counties", "12", "--townships-per-county", "2", "--task-rows", "2000",
            "--files", "1"}));
        out = dir.resolve("out");
        BurdenIndicatorsJob.run(spark, new JobConfig(dir.resolve("in").toString(), out.toString()));
        data = ReportData.load(spark, out.toString(), null);
    }

    @Test
    void theOverviewHasARowPerPrefectureLinkingToItsPageWhichHoldsOnlyItsCounties() throws Exception {
        assertEquals(List.of("110100", "110200"), data.prefectureCodes());
        List<String> written = ReportCommand.writeAll(spark, out.toString(), data, null);
        String label = data.period().label();
        assertEquals(3, written.size(), "the overview and two prefecture pages: " + written);
        String overview = Files.readString(out.resolve("report-" + label + ".html"));
        Matcher links = Pattern.compile("<tr data-division=\"(\\d+)\"><td><a href=\"([^\"]+)\">").matcher(overview);
        int rows = 0;
        while (links.find()) {
            rows++;
            String page = Files.readString(out.resolve(links.group(2)));
            String code = links.group(1);
            assertTrue(page.contains("data-division=\"" + code + "\""), "the page shows its prefecture " + code);
            for (ReportData.Division county : data.counties()) {
                assertEquals(code.equals(county.parentCode()), page.contains("data-division=\"" + county.code() + "\""),
                        county.code() + " on the page of " + code);
            }
        }
        assertEquals(2, rows);
        assertEquals(9, data.forPrefecture("110100").counties().size());
        assertEquals(3, data.forPrefecture("110200").counties().size());
        assertFalse(overview.contains("<svg class=\"bars\""), "the overview is a table, not 2,844 bars");
    }

    @Test
    void oneAskedPrefectureGetsOnlyItsPageAndAnUnknownOneIsRefused() throws Exception {
        List<String> written = ReportCommand.writeAll(spark, out.toString(), data, "110200");
        assertEquals(1, written.size());
        assertTrue(written.get(0).endsWith("report-" + data.period().label() + "-110200.html"), written.get(0));
        ReportCommand.UnknownPrefecture e = assertThrows(ReportCommand.UnknownPrefecture.class,
                () -> ReportCommand.writeAll(spark, out.toString(), data, "990100"));
        assertTrue(e.getMessage().startsWith("no prefecture 990100 in ") && e.getMessage().contains("110100, 110200"),
                e.getMessage());
    }
}
