package org.burdenwatch.jobs;

import static org.burdenwatch.testing.Workbooks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.DatasetAssertions;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.testing.StoredText;
import org.burdenwatch.testing.Workbooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prefecture whose counties send workbooks gets the figures it gets from CSV exports: the same
 * meetings as a CSV file and as a workbook of typed cells (codes and counts as numbers, times as
 * date-time cells) give equal clean tables, quarantine reasons and indicator tables. A workbook
 * edited in place is read again by the next run; a broken one is a quarantined record beside them,
 * and the contact column's names are stored nowhere.
 */
class WorkbookInputTest extends SparkTestBase {
    @TempDir
    static Path dir;

    private static final String HEADER = "meeting_id,organizer,organizer_level,county_code,township_code,started_at,"
            + "duration_minutes,attendees,grassroots_attendees,format,联系人";

    /** One meeting: as a CSV line and as the cells of a workbook's row. */
    private record Meeting(String csv, Object[] cells) {
    }

    private static List<Meeting> meetings(int n) {
        List<Meeting> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            boolean township = i % 3 == 0;
            String county = i % 4 == 0 ? "533422" : "533401";
            String townshipCode = township ? (county.equals("533401") ? "533401101" : "533422101") : "";
            LocalDateTime at = LocalDateTime.of(2023 + i % 2, 1 + i % 12, 1 + i % 28, 8 + i % 9, (i % 4) * 15);
            int attendees = 10 + i;
            int grassroots = i % 7 == 0 ? attendees + 1 : i % 10; // every 7th breaks a cross-field rule
            String when = i % 11 == 0 ? "2024-13-40 08:00" : at.toString().replace('T', ' '); // every 11th a bad date
            out.add(new Meeting(String.join(",", "HY-" + i, "县政府" + (i % 5), township ? "township" : "county", county,
                    townshipCode, when, String.valueOf(30 + i % 90), String.valueOf(attendees), String.valueOf(grassroots),
                    i % 2 == 0 ? "onsite" : "video", "张三丰"),
                    new Object[] {"HY-" + i, "县政府" + (i % 5), township ? "township" : "county", Long.parseLong(county),
                        township ? Long.parseLong(townshipCode) : null, i % 11 == 0 ? when : at, 30 + i % 90, attendees,
                        grassroots, i % 2 == 0 ? "onsite" : "video", "张三丰"}));
        }
        return out;
    }

    private static void workbook(Path file, List<Meeting> meetings) {
        Workbooks.write(file, wb -> {
            Sheet s = wb.createSheet("会议");
            row(s, 1, (Object[]) HEADER.split(","));
            for (int i = 0; i < meetings.size(); i++) {
                row(s, i + 2, meetings.get(i).cells());
            }
        });
    }

    private static Dataset<Row> table(Path out, String table, String... dropped) {
        return spark.read().parquet(out.resolve(table).toString()).drop(dropped);
    }

    @Test
    void theSameMeetingsAsCsvAndAsAWorkbookGiveTheSameFigures() throws Exception {
        List<Meeting> meetings = new ArrayList<>(meetings(60));
        meetings.add(meetings.get(4)); // HY-5 again: a duplicate, whose kept copy and raw text are fetched again
        Path csvInput = Fixtures.inputWithDivisions(dir.resolve("csv"));
        List<String> lines = new ArrayList<>(List.of(HEADER));
        meetings.forEach(m -> lines.add(m.csv()));
        Fixtures.write(csvInput, "meetings/会议.csv", String.join("\n", lines) + "\n");
        Path xlsxInput = Fixtures.inputWithDivisions(dir.resolve("xlsx"));
        workbook(xlsxInput.resolve("meetings/会议.xlsx"), meetings);

        Path csvOut = dir.resolve("csv-out");
        Path xlsxOut = dir.resolve("xlsx-out");
        RunSummary fromCsv = BurdenIndicatorsJob.run(spark, new JobConfig(csvInput.toString(), csvOut.toString(), null, null));
        RunSummary fromXlsx = BurdenIndicatorsJob.run(spark, new JobConfig(xlsxInput.toString(), xlsxOut.toString(), null, null));
        RunSummary.TypeCounts c = fromCsv.recordTypes().get("meetings");
        RunSummary.TypeCounts x = fromXlsx.recordTypes().get("meetings");
        assertEquals(List.of(61L, c.accepted(), c.quarantined(), 1L),
                List.of(x.recordsRead(), x.accepted(), x.quarantined(), x.duplicates()));
        assertTrue(c.quarantined() >= 10 && c.accepted() >= 40, c.toString());

        DatasetAssertions.assertSameRows("clean meetings", table(csvOut, "clean/meetings", "source_file", "first_ingested_run"),
                table(xlsxOut, "clean/meetings", "source_file", "first_ingested_run"));
        DatasetAssertions.assertSameRows("quarantine reasons",
                table(csvOut, "quarantine/meetings").select("source_line", "reasons"),
                table(xlsxOut, "quarantine/meetings").select("source_line", "reasons"));
        DatasetAssertions.assertSameRows("duplicates", table(csvOut, "duplicates/meetings").select("source_line", "kept_source_line"),
                table(xlsxOut, "duplicates/meetings").select("source_line", "kept_source_line"));
        assertEquals("HY-5\t县政府0\tcounty\t533401\t\t2024-06-06 13:15:00\t35\t15\t5\tvideo\t[redacted]",
                table(xlsxOut, "duplicates/meetings").first().<String>getAs("raw"), "the row again, its name redacted");
        for (String t : List.of("indicators/county", "indicators/township", "quality/completeness")) {
            DatasetAssertions.assertSameRows(t, table(csvOut, t), table(xlsxOut, t));
        }
        assertTrue(table(xlsxOut, "clean/meetings").first().<String>getAs("source_file").endsWith("会议.xlsx#会议"));
        StoredText.Search names = StoredText.search(spark, xlsxOut, List.of("张三丰"));
        assertEquals(List.of(), names.found(), "the contact column's names");
        assertTrue(names.parquetFiles() > 0);
    }

    @Test
    void aWorkbookEditedInPlaceIsReadAgainAndABrokenOneIsQuarantinedBesideIt() throws Exception {
        Path input = Fixtures.inputWithDivisions(dir.resolve("edited"));
        Path file = input.resolve("meetings/台账.xlsx");
        workbook(file, meetings(6));
        Fixtures.writeBytes(input, "meetings/破损台账.xlsx", java.util.Arrays.copyOf(Files.readAllBytes(file), 300));
        Path out = dir.resolve("edited-out");
        RunSummary first = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(), null, null));
        RunSummary.TypeCounts m = first.recordTypes().get("meetings");
        assertEquals(List.of(7L, 6L, 1L), List.of(m.recordsRead(), m.accepted(), m.quarantined()),
                "6 meetings and the broken file");
        assertTrue(m.balances());
        assertTrue(m.ignoredFiles().stream().anyMatch(s -> s.contains("破损台账.xlsx: cannot be read")), m.ignoredFiles().toString());
        assertTrue(first.toJson().matches("(?s).*\"ignored_files\" : \\[ \"[^\"]*破损台账.xlsx: cannot be read.*"),
                "the run's JSON keeps its field name: " + first.toJson());
        Row unreadable = table(out, "quarantine/meetings").filter("array_contains(reasons, 'unreadable_workbook')").first();
        assertTrue(unreadable.<String>getAs("source_file").endsWith("破损台账.xlsx"));

        List<Meeting> edited = new ArrayList<>(meetings(6));
        edited.add(meetings(8).get(7)); // HY-8 added
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        workbook(file, edited);
        RunSummary second = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(), null, null));
        assertEquals(RunSummary.INCREMENTAL, second.mode());
        assertEquals(1, table(out, "clean/meetings").filter("meeting_id = 'HY-8'").count(), "the edit is read");
        assertEquals(List.of(8L, 7L), List.of(second.recordTypes().get("meetings").recordsRead(),
                table(out, "clean/meetings").count()), "7 meetings, and the broken file once");
    }

    @Test
    void anErrorValueOrAFormulaWithoutAResultIsItsFieldsOnlyReason() throws Exception {
        Path input = Fixtures.inputWithDivisions(dir.resolve("cells"));
        Workbooks.write(input.resolve("meetings/m.xlsx"), wb -> {
            Sheet s = wb.createSheet("会议");
            row(s, 1, (Object[]) HEADER.split(","));
            row(s, 2, "HY-1", "县政府", "county", 533401, null, "2024-03-05 09:00", null, 20).createCell(6)
                    .setCellErrorValue(org.apache.poi.ss.usermodel.FormulaError.DIV0.getCode());
            row(s, 3, "HY-2", "县政府", "county", 533401, null, "2024-03-05 09:00", 60).createCell(7)
                    .setCellFormula("G3/3");
            row(s, 4, "HY-3", "县政府", "county", 533401, null, "2024-03-05 09:00", 60, 20, null, null, "张三丰")
                    .createCell(8).setCellErrorValue(org.apache.poi.ss.usermodel.FormulaError.NA.getCode());
        });
        Path out = dir.resolve("cells-out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(), null, null));
        List<String> reasons = table(out, "quarantine/meetings").orderBy("source_line")
                .selectExpr("array_join(reasons, ' ')").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("invalid_cell:duration_minutes", "invalid_formula:attendees", "invalid_cell:grassroots_attendees"),
                reasons, "no missing_required beside them");
    }
}
