package org.burdenwatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** .xlsx workbooks for tests, written by POI as Excel would store them (typed cells, formats). */
public final class Workbooks {
    private Workbooks() {
    }

    /** Writes a workbook built by {@code build} to {@code file} (folders created). */
    public static Path write(Path file, Consumer<XSSFWorkbook> build) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            build.accept(wb);
            return save(wb, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path save(Workbook wb, Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills row {@code excelRow} (1-based, as Excel shows it) from column A: a String is a text cell,
     * a Number a numeric one, a Boolean a boolean, a LocalDate a date cell (format yyyy-mm-dd), a
     * LocalDateTime a date-time cell (yyyy-mm-dd hh:mm), null no cell at all.
     */
    public static Row row(Sheet sheet, int excelRow, Object... values) {
        Row row = sheet.createRow(excelRow - 1);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                continue;
            }
            Cell c = row.createCell(i);
            if (v instanceof String s) {
                c.setCellValue(s);
            } else if (v instanceof Number n) {
                c.setCellValue(n.doubleValue());
            } else if (v instanceof Boolean b) {
                c.setCellValue(b);
            } else if (v instanceof LocalDateTime t) {
                c.setCellValue(t);
                c.setCellStyle(format(sheet.getWorkbook(), "yyyy-mm-dd hh:mm"));
            } else if (v instanceof LocalDate d) {
                c.setCellValue(d);
                c.setCellStyle(format(sheet.getWorkbook(), "yyyy-mm-dd"));
            } else {
                throw new IllegalArgumentException("no cell for " + v.getClass());
            }
        }
        return row;
    }

    /** A cell style with the given number format (one per format and workbook). */
    public static CellStyle format(Workbook wb, String pattern) {
        short id = wb.createDataFormat().getFormat(pattern);
        for (int i = 0; i < wb.getNumCellStyles(); i++) {
            if (wb.getCellStyleAt(i).getDataFormat() == id) {
                return wb.getCellStyleAt(i);
            }
        }
        CellStyle style = wb.createCellStyle();
        style.setDataFormat(id);
        return style;
    }
}
