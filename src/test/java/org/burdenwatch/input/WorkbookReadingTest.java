package org.burdenwatch.input;

import static org.burdenwatch.testing.Workbooks.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.Workbooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workbook's cells read as Excel stores them, one rule each, with no Spark: the driver's
 * inspection (which sheets, which header row) and the executor's reader (which values, which
 * problems), on workbooks POI writes as Excel would.
 */
class WorkbookReadingTest {
    private static final Configuration CONF = new Configuration();
    private static final Object[] HEADER = {"会议编号", "主办单位", "主办层级", "区划代码", "乡镇代码", "开始时间", "时长分钟",
        "参会人数", "基层参会人数", "会议形式", "联系人"};

    @TempDir
    Path dir;

    /** One record read: its line, values by field name, problems and raw text. */
    private record Read(long line, Map<String, String> values, List<String> problems, String raw) {
    }

    private static List<Read> read(SourceFile source) throws IOException {
        List<Read> out = new ArrayList<>();
        try (RecordReader r = RecordReader.open(source, CONF, Redaction.defaults(), 1 << 20)) {
            while (r.hasNext()) {
                RawRecord rec = r.next();
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < rec.values().length; i++) {
                    values.put(source.type().fields().get(i).name(), rec.values()[i]);
                }
                out.add(new Read(rec.line(), values, rec.problems(), rec.raw()));
            }
        }
        return out;
    }

    private InputInventory.TypeInput meetings(Path input) {
        return InputInventory.inspect(CONF, input.toString()).of(RecordType.MEETINGS);
    }

    @Test
    void cellsAreReadAsTheWorkbookTypesThem() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Workbooks.write(input.resolve("meetings/维西县会议台账.xlsx"), wb -> {
            Sheet notes = wb.createSheet("说明");
            row(notes, 1, "本表由县委办填报");
            Sheet s = wb.createSheet("会议台账");
            row(s, 1, "2024年上半年会议台账");
            s.addMergedRegion(new CellRangeAddress(0, 0, 0, 10));
            row(s, 3, HEADER);
            row(s, 4, "HY-1", "县政府", "县级", 533401, null, LocalDateTime.of(2024, 3, 5, 9, 30), 60, 20, 5, "现场", "张三");
            row(s, 5, 12345, "县政府", "县级", 533401, null, "2024/3/6 8:00", 60.0, 20, null, null, null);
            row(s, 6, 12.5, "县政府", "县级", 533401.5, null, "2024-03-06 08:00", 60, 20);
            Cell cached = row(s, 7, "HY-7", "县政府", "县级", 533401, null, "2024-03-06 08:00", 60).createCell(7);
            cached.setCellFormula("10+10");
            cached.setCellValue(20);
            row(s, 8, "HY-8", "县政府", "县级", 533401, null, "2024-03-06 08:00", 60).createCell(7).setCellFormula("H7*2");
            row(s, 9, "HY-9", "县政府", "县级", 533401, null, "2024-03-06 08:00", null, 20).createCell(6)
                    .setCellErrorValue(FormulaError.NA.getCode());
            row(s, 10, "HY-10", "县政府", "县级", 533401, null, "2024-03-06 08:00", 60, 20);
            row(s, 11, "HY-11", "县政府", null, 533401, null, "2024-03-06 08:00", 60, 20);
            s.addMergedRegion(new CellRangeAddress(9, 10, 2, 2));
            row(s, 12, "HY-12", true, "县级", 533401, null, LocalDate.of(2024, 3, 7), 60, 20);
            Cell cjk = row(s, 13, "HY-13", "县政府", "县级", 533401, 533401101, 45359.0, 60, 20).getCell(5);
            CellStyle chinese = wb.createCellStyle();
            chinese.setDataFormat((short) 31); // yyyy"年"m"月"d"日" in a Chinese Excel, named by id alone
            cjk.setCellStyle(chinese);
            row(s, 14);                     // a row Excel keeps for its format only
            row(s, 16, 420103199001011234.0, "县政府", "县级", 533401, null, "2024-03-06 08:00", 60, 20);
            row(s, 15, "", "", null, "");   // empty text cells: no record
        });
        InputInventory.TypeInput in = meetings(input);
        assertEquals(1, in.files().size(), "the notes sheet names no field: ignored");
        SourceFile sheet = in.files().get(0);
        assertTrue(sheet.path().endsWith("维西县会议台账.xlsx#会议台账"), sheet.path());
        assertEquals(3, sheet.sheet().headerRow());
        assertTrue(in.ignored().stream().anyMatch(s -> s.contains("#说明") && s.contains("sheet ignored")), in.ignored().toString());
        assertTrue(in.ignored().stream().anyMatch(s -> s.contains("#会议台账: rows 1–2 above its header")), in.ignored().toString());

        List<Read> rows = read(sheet);
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 16L), rows.stream().map(Read::line).toList());
        assertEquals(List.of("invalid_code:meeting_id"), rows.get(10).problems(),
                "an 18-digit id stored as a number has lost its last digits (Excel keeps 15)");
        Read first = rows.get(0);
        assertEquals("533401", first.values().get("county_code"), "a code stored as a number: its digits");
        assertEquals("2024-03-05 09:30:00", first.values().get("started_at"), "a date-time cell: Shanghai wall-clock time");
        assertEquals("60", first.values().get("duration_minutes"));
        assertEquals(List.of(), first.problems());
        assertEquals("HY-1\t县政府\t县级\t533401\t\t2024-03-05 09:30:00\t60\t20\t5\t现场\t[redacted]", first.raw(),
                "cells joined by tabs, the contact's name never kept");
        assertEquals("12345", rows.get(1).values().get("meeting_id"), "an id stored as a number: no .0");
        assertEquals("2024/3/6 8:00", rows.get(1).values().get("started_at"), "a text date: as written");
        assertEquals(List.of("invalid_code:meeting_id"), rows.get(2).problems(), "12.5 is no id");
        assertEquals("533401.5", rows.get(2).values().get("county_code"), "validation finds it no code");
        assertEquals("20", rows.get(3).values().get("attendees"), "a formula: its cached result");
        assertEquals(List.of(), rows.get(3).problems());
        assertEquals(List.of("invalid_formula:attendees"), rows.get(4).problems());
        assertNull(rows.get(4).values().get("attendees"));
        assertEquals(List.of("invalid_cell:duration_minutes"), rows.get(5).problems(), "#N/A");
        assertEquals(List.of("merged_cell"), rows.get(6).problems());
        assertEquals(List.of("merged_cell"), rows.get(7).problems(), "both rows of the merged area");
        assertEquals("true", rows.get(8).values().get("organizer"), "a boolean cell");
        assertEquals("2024-03-07", rows.get(8).values().get("started_at"), "a date cell at midnight: its date");
        assertEquals("2024-03-08", rows.get(9).values().get("started_at"), "Chinese built-in date format 31");
        assertEquals("533401101", rows.get(9).values().get("township_code"));
    }

    @Test
    void aWordIsFoundInBytesWhereverItFalls() throws IOException {
        byte[] word = "mergeCell".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int at : new int[] {0, 65_530, 65_536, 65_535 - word.length + 1, 200_000}) {
            byte[] bytes = new byte[200_000 + word.length];
            java.util.Arrays.fill(bytes, (byte) 'm');
            System.arraycopy(word, 0, bytes, at, word.length);
            assertTrue(SheetCells.mentions(new java.io.ByteArrayInputStream(bytes), word), "at " + at);
            bytes[at + word.length - 1] = 'x';
            assertFalse(SheetCells.mentions(new java.io.ByteArrayInputStream(bytes), word), "broken at " + at);
        }
    }

    @Test
    void the1904DateSystemIsReadFromTheWorkbook() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Workbooks.write(input.resolve("meetings/mac.xlsx"), wb -> {
            var properties = wb.getCTWorkbook().isSetWorkbookPr() ? wb.getCTWorkbook().getWorkbookPr()
                    : wb.getCTWorkbook().addNewWorkbookPr();
            properties.setDate1904(true);
            Sheet s = wb.createSheet("m");
            row(s, 1, HEADER);
            // 2024-03-05 09:30 counted from 1904-01-01: 1,462 days fewer than from 1900
            Cell c = row(s, 2, "HY-1", "县政府", "县级", 533401, null, 45356.0 - 1462 + 0.3958333333333333, 60, 20)
                    .getCell(5);
            c.setCellStyle(Workbooks.format(wb, "yyyy-mm-dd hh:mm"));
        });
        List<Read> rows = read(meetings(input).files().get(0));
        assertEquals("2024-03-05 09:30:00", rows.get(0).values().get("started_at"));
    }

    @Test
    void aHeaderOfTwoRowsWithNamesMergedDownIsRead() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Workbooks.write(input.resolve("meetings/双行表头.xlsx"), wb -> {
            Sheet s = wb.createSheet("会议");
            row(s, 1, "2024年会议台账");
            row(s, 2, "会议编号", "主办单位", "会议信息", null, null, null, null, "人数");
            row(s, 3, null, null, "主办层级", "区划代码", "乡镇代码", "开始时间", "时长分钟", "参会人数");
            s.addMergedRegion(new CellRangeAddress(1, 2, 0, 0)); // 会议编号 over rows 2–3
            s.addMergedRegion(new CellRangeAddress(1, 2, 1, 1)); // 主办单位 over rows 2–3
            s.addMergedRegion(new CellRangeAddress(1, 1, 2, 6)); // 会议信息 across
            row(s, 4, "HY-1", "县政府", "县级", 533401, null, "2024-03-05 09:00", 60, 20);
        });
        SourceFile sheet = meetings(input).files().get(0);
        assertEquals(3, sheet.sheet().headerRow());
        List<Read> rows = read(sheet);
        assertEquals(1, rows.size());
        assertEquals("HY-1", rows.get(0).values().get("meeting_id"));
        assertEquals("县政府", rows.get(0).values().get("organizer"));
        assertEquals(List.of(), rows.get(0).problems(), "the header's merged cells are no data row's");
    }

    @Test
    void aSheetNamingManyFieldsButNotARequiredOneStopsTheRun() {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Workbooks.write(input.resolve("meetings/m.xlsx"), wb -> row(wb.createSheet("会议"), 1,
                "会议编号", "主办单位", "主办层级", "区划代码", "时长分钟", "参会人数"));
        InputProblem p = assertThrows(InputProblem.class, () -> meetings(input));
        assertTrue(p.getMessage().contains("m.xlsx#会议: required column") && p.getMessage().contains("开始时间"),
                p.getMessage());
    }

    @Test
    void oldAndForeignSpreadsheetsAreNamed() {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Fixtures.write(input, "meetings/台账.et", "x");
        Fixtures.write(input, "meetings/台账.ods", "x");
        Fixtures.write(input, "meetings/~$台账.xlsx", "x");
        List<String> ignored = meetings(input).ignored();
        assertEquals(3, ignored.size(), ignored.toString());
        assertTrue(ignored.stream().anyMatch(s -> s.contains("台账.et: a WPS (.et) spreadsheet is not read")), ignored.toString());
        assertTrue(ignored.stream().anyMatch(s -> s.contains("台账.ods: an OpenDocument (.ods)")), ignored.toString());
        assertTrue(ignored.stream().anyMatch(s -> s.contains("~$台账.xlsx: the lock file")), ignored.toString());
        Fixtures.write(input, "meetings/旧台账.xls", "x");
        InputProblem p = assertThrows(InputProblem.class, () -> meetings(input));
        assertTrue(p.getMessage().contains("旧台账.xls") && p.getMessage().contains("save it as .xlsx"), p.getMessage());
    }

    /** A zip's entries with one replaced. */
    private static byte[] withEntry(byte[] zip, String name, String content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
             var z = new java.util.zip.ZipOutputStream(out)) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(e.getName().equals(name) ? content.getBytes(java.nio.charset.StandardCharsets.UTF_8) : bytes);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void aWorkbookThatCannotBeReadIsOneQuarantinedRecordNamingWhy() throws Exception {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Path plain = Workbooks.write(dir.resolve("plain.xlsx"), wb -> row(wb.createSheet("m"), 1, HEADER));
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor enc = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            enc.confirmPassword("secret");
            try (OutputStream os = enc.getDataStream(fs); var in = Files.newInputStream(plain)) {
                in.transferTo(os);
            }
            Files.createDirectories(input.resolve("meetings"));
            try (OutputStream out = Files.newOutputStream(input.resolve("meetings/locked.xlsx"))) {
                fs.writeFilesystem(out);
            }
        }
        byte[] whole = Files.readAllBytes(plain);
        Fixtures.writeBytes(input, "meetings/truncated.xlsx", java.util.Arrays.copyOf(whole, whole.length / 2));
        Fixtures.writeBytes(input, "meetings/xml.xlsx", withEntry(whole, "xl/worksheets/sheet1.xml",
                "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>会议编号"));
        Fixtures.writeBytes(input, "meetings/zz-empty.xlsx", new byte[0]);
        InputInventory.TypeInput in = meetings(input);
        assertEquals(4, in.files().size());
        assertTrue(in.ignored().get(3).contains("zz-empty.xlsx: cannot be read, an empty file"), in.ignored().toString());
        assertTrue(in.ignored().get(0).contains("locked.xlsx: cannot be read, password-protected"), in.ignored().toString());
        assertTrue(in.ignored().get(1).contains("truncated.xlsx: cannot be read, not a valid .xlsx"), in.ignored().toString());
        assertTrue(in.ignored().get(2).contains("xml.xlsx: cannot be read, corrupt"), in.ignored().toString());
        assertTrue(in.ignored().stream().noneMatch(s -> s.contains("\n")), "one line each");
        for (SourceFile f : in.files()) {
            List<Read> rows = read(f);
            assertEquals(1, rows.size());
            assertEquals(List.of("unreadable_workbook"), rows.get(0).problems());
            assertNull(rows.get(0).raw());
        }
        assertFalse(in.files().get(0).path().contains("#"), "the workbook itself, no sheet");
    }
}
