package org.burdenwatch.input;

import java.io.Serializable;
import java.util.List;
import org.burdenwatch.records.RecordType;

/**
 * One input source as inspected on the driver, shipped to the executor that parses it: a text file,
 * or one sheet of a workbook.
 *
 * @param path           the source's name in quarantine, duplicates and the ledger: the file's path,
 *                       or for a sheet the workbook's path, {@code #} and the sheet's name
 * @param encoding       how its bytes are decoded (UNDECIDED: ASCII in every sample, decided by the
 *                       reader at the first line that is not); UTF-8 for a workbook
 * @param sizeBytes      the file's size (a sheet's: its workbook's)
 * @param header         for CSV and sheets, the header's column names as written (a sheet's by column,
 *                       A first, blank where a column has no name); empty for JSON Lines
 * @param columnFields   for CSV and sheets, the field index each header column maps to (-1 for an
 *                       unknown column)
 * @param unknownColumns header columns that name no field; reported once, otherwise ignored
 * @param modifiedAt     the file system's modification time, ms since the epoch (with the size, how a
 *                       later run tells a file it already ingested from a changed one)
 * @param sheet          for a workbook, the sheet this source reads; null for a text file
 */
public record SourceFile(String path, RecordType type, FileFormat format, TextEncoding.Encoding encoding,
                         int bomLength, long sizeBytes, long modifiedAt, List<String> header, int[] columnFields,
                         List<String> unknownColumns, WorkbookSheet sheet) implements Serializable {

    /** The file to open: the path, or a sheet's workbook. */
    public String location() {
        return sheet == null ? path : sheet.workbook();
    }

    /**
     * One sheet of a workbook (or, with {@code unreadable} set, a workbook none of whose sheets can be
     * read: it becomes one quarantined record naming why).
     *
     * @param workbook   the workbook's path
     * @param name       the sheet's name as its tab shows it
     * @param partName   the package part holding its rows ({@code /xl/worksheets/sheet1.xml})
     * @param headerRow  the row (as Excel numbers it) holding the header; rows up to it are not records
     * @param unreadable why the workbook cannot be read (password-protected, corrupt…), else null
     */
    public record WorkbookSheet(String workbook, String name, String partName, long headerRow, String unreadable)
            implements Serializable {
    }
}
