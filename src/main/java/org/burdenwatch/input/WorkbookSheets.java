package org.burdenwatch.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.records.RecordType;

/**
 * Which sheets of an .xlsx workbook hold records of a type, found on the driver from each sheet's
 * first rows: the first row that names every required field of the type (in English or Chinese,
 * aliases included, as a CSV header) is the sheet's header; rows above it (a title such as
 * {@code 2024年上半年发文台账}, a blank row) are not records, and the summary says so. A sheet none of
 * whose first rows names the type's fields is listed as ignored; one whose header names many of
 * them but misses a required one stops the run, as a CSV file would. A workbook that cannot be
 * read at all (password-protected, corrupt) is one source whose single record is quarantined as
 * {@code unreadable_workbook}: the run goes on, and nothing of it is lost from the counts.
 */
final class WorkbookSheets {
    /** How many rows of a sheet are searched for its header. */
    static final int HEADER_SEARCH_ROWS = 30;

    /** The sources a workbook gives a type (a sheet each), and what of it is not read, with why. */
    record Inspected(List<SourceFile> sources, List<String> ignored) {
    }

    private WorkbookSheets() {
    }

    static Inspected inspect(FileSystem fs, FileStatus status, RecordType type) {
        Path path = status.getPath();
        List<SourceFile> sources = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Workbook workbook;
        try {
            workbook = Workbook.open(fs, path);
        } catch (Workbook.Unreadable e) {
            return unreadable(status, type, e.getMessage());
        } catch (IOException e) {
            throw new InputProblem("cannot read " + path + ": " + e.getMessage(), e); // the file system's failure
        }
        try (workbook) {
            for (Workbook.Sheet sheet : workbook.sheets()) {
                String where = path + "#" + sheet.name();
                SourceFile source = sheetSource(workbook, sheet, where, status, type, ignored);
                if (source != null) {
                    sources.add(source);
                }
            }
        } catch (Workbook.Unreadable | IOException e) {
            // the package opened, its contents did not read: broken XML, a zip bomb, a missing part
            return unreadable(status, type, "corrupt (" + e.getMessage() + ")");
        }
        return new Inspected(sources, ignored);
    }

    /** A workbook none of whose sheets can be read: one source, read as one quarantined record. */
    private static Inspected unreadable(FileStatus status, RecordType type, String why) {
        Path path = status.getPath();
        String reason = why.replaceAll("\\s+", " ").strip(); // a parser's message may span lines
        SourceFile source = new SourceFile(path.toString(), type, FileFormat.XLSX, TextEncoding.Encoding.UTF_8, 0,
                status.getLen(), status.getModificationTime(), List.of(), new int[0], List.of(),
                new SourceFile.WorkbookSheet(path.toString(), null, null, 0, reason));
        return new Inspected(List.of(source), List.of(path + ": cannot be read, " + reason
                + " (quarantined as one record, " + RawRecordReader.UNREADABLE_WORKBOOK + ")"));
    }

    /** The source of one sheet, or null (with the reason in {@code ignored}) when it holds no header of the type. */
    private static SourceFile sheetSource(Workbook workbook, Workbook.Sheet sheet, String where, FileStatus status,
                                          RecordType type, List<String> ignored) throws IOException {
        List<Named> first = new ArrayList<>();
        try (SheetCells rows = workbook.rows(sheet)) {
            for (SheetCells.Row row = rows.next(); row != null && first.size() < HEADER_SEARCH_ROWS; row = rows.next()) {
                first.add(new Named(row.number(), names(workbook, row)));
            }
        }
        int at = headerAt(first, type);
        if (at < 0 && mayHoldHeader(first, type)) {
            // a header of two rows (双行表头): a name merged down over both stands in the upper one only
            first = withMergedNames(first, workbook.mergedAreas(sheet));
            at = headerAt(first, type);
        }
        if (at < 0) {
            Named best = first.stream().max(java.util.Comparator.comparingInt(n -> fieldsNamed(n, type))).orElse(null);
            if (mayHoldHeader(first, type)) {
                InputInventory.ColumnMap map = InputInventory.columnsOf(best.names(), type);
                throw new InputProblem(where + ": required column " + map.missingRequired(type).label()
                        + " is missing (row " + best.row() + " names " + map.fieldsNamed() + " of the fields of "
                        + type.folder() + ")");
            }
            ignored.add(where + ": no row among its first " + HEADER_SEARCH_ROWS + " names the required fields of "
                    + type.folder() + " (sheet ignored)");
            return null;
        }
        List<String> header = first.get(at).names();
        long headerRow = first.get(at).row();
        long rowsAbove = first.subList(0, at).stream().filter(n -> !n.names().stream().allMatch(String::isBlank)).count();
        InputInventory.ColumnMap map = InputInventory.columnMap(where, header, type, "");
        if (rowsAbove > 0) {
            ignored.add(where + ": " + (headerRow == 2 ? "row 1" : "rows 1–" + (headerRow - 1))
                    + " above its header (row " + headerRow + ") not read");
        }
        List<String> unknown = map.unknownColumns().stream().filter(c -> !c.isBlank()).toList();
        return new SourceFile(where, type, FileFormat.XLSX, TextEncoding.Encoding.UTF_8, 0, status.getLen(),
                status.getModificationTime(), List.copyOf(header), map.columnFields(), unknown,
                new SourceFile.WorkbookSheet(status.getPath().toString(), sheet.name(), sheet.partName(), headerRow,
                        null));
    }

    /** A row of the sheet's head: its number and its cells as names, by column. */
    private record Named(long row, List<String> names) {
    }

    private static int fieldsNamed(Named row, RecordType type) {
        return InputInventory.columnsOf(row.names(), type).fieldsNamed();
    }

    /** The index of the first row that names every required field of the type, or -1. */
    private static int headerAt(List<Named> rows, RecordType type) {
        for (int i = 0; i < rows.size(); i++) {
            InputInventory.ColumnMap map = InputInventory.columnsOf(rows.get(i).names(), type);
            if (map.fieldsNamed() > 0 && map.missingRequired(type) == null) {
                return i;
            }
        }
        return -1;
    }

    /** True when some row names at least two fields and half the required ones: a header meant for the type. */
    private static boolean mayHoldHeader(List<Named> rows, RecordType type) {
        long required = type.fields().stream().filter(Field::isRequired).count();
        return rows.stream().mapToInt(r -> fieldsNamed(r, type)).anyMatch(n -> n >= 2 && n * 2 >= required);
    }

    /** The rows with each blank cell under a merged area's first row given that area's name. */
    private static List<Named> withMergedNames(List<Named> rows, List<SheetCells.Area> areas) {
        java.util.Map<Long, Named> byRow = new java.util.HashMap<>();
        rows.forEach(r -> byRow.put(r.row(), r));
        List<Named> out = new ArrayList<>();
        for (Named r : rows) {
            List<String> names = new ArrayList<>(r.names());
            for (SheetCells.Area a : areas) {
                Named top = byRow.get(a.firstRow());
                if (a.firstRow() < r.row() && a.coversRow(r.row()) && top != null
                        && a.firstColumn() < top.names().size()) {
                    while (names.size() <= a.firstColumn()) {
                        names.add("");
                    }
                    if (names.get(a.firstColumn()).isBlank()) {
                        names.set(a.firstColumn(), top.names().get(a.firstColumn()));
                    }
                }
            }
            out.add(new Named(r.row(), names));
        }
        return out;
    }

    /** A row's cells as header names, by column (A first), blank where a column has none. */
    private static List<String> names(Workbook workbook, SheetCells.Row row) throws IOException {
        List<String> names = new ArrayList<>();
        for (SheetCells.Cell cell : row.cells()) {
            while (names.size() < cell.column()) {
                names.add("");
            }
            String text = workbook.valueOf(cell, false).text();
            names.add(text == null ? "" : text);
        }
        return names;
    }
}
