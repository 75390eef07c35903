package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.burdenwatch.testing.ChildProcess;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.testing.Workbooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workbook is read streaming: a sheet of 200,000 meetings (ids and organisers in the shared
 * strings table, as Excel stores them; times as date-time cells) read by the real job in a JVM of
 * 512 MiB (Spark's least), every meeting accepted.
 */
class WorkbookMemoryTest extends SparkTestBase {
    private static final int MEETINGS = 200_000;

    @TempDir
    static Path dir;

    @Test
    void aSheetOf200000RowsIsReadIn512MiB() throws Exception {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        Path file = input.resolve("meetings/会议台账.xlsx");
        Files.createDirectories(file.getParent());
        try (SXSSFWorkbook wb = new SXSSFWorkbook(new XSSFWorkbook(), 100, true, true)) {
            Sheet s = wb.createSheet("会议");
            CellStyle time = Workbooks.format(wb, "yyyy-mm-dd hh:mm");
            Row header = s.createRow(0);
            String[] names = {"会议编号", "主办单位", "主办层级", "区划代码", "开始时间", "时长分钟", "参会人数"};
            for (int c = 0; c < names.length; c++) {
                header.createCell(c).setCellValue(names[c]);
            }
            for (int i = 1; i <= MEETINGS; i++) {
                Row r = s.createRow(i);
                r.createCell(0).setCellValue("HY-" + i);
                r.createCell(1).setCellValue("县政府办公室" + (i % 1000));
                r.createCell(2).setCellValue("县级");
                r.createCell(3).setCellValue(533401);
                r.createCell(4).setCellValue(LocalDateTime.of(2024, 1 + i % 12, 1 + i % 28, 9, 0));
                r.getCell(4).setCellStyle(time);
                r.createCell(5).setCellValue(60);
                r.createCell(6).setCellValue(20);
            }
            Workbooks.save(wb, file);
            wb.dispose();
        }
        Path out = dir.resolve("out");
        try (ChildProcess job = ChildProcess.start(JobChild.class, "512m", ChildProcess.Compilation.TIERED,
                List.of("-", "-", "--input", input.toString(), "--output", out.toString()))) {
            assertEquals(0, job.waitFor(600), job.output());
        }
        assertEquals(MEETINGS, spark.read().parquet(out.resolve("clean/meetings").toString()).count());
        assertEquals(0, spark.read().parquet(out.resolve("quarantine/meetings").toString()).count());
    }
}
