package org.burdenwatch.input;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackagingURIHelper;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * An .xlsx workbook opened for streaming reads, on the driver (its sheets and headers) or on an
 * executor (one sheet's rows): POI's package access (a zip read in place, never unpacked into
 * memory; POI's guard against zip bombs), its shared strings, its cell formats and its date
 * system (1900 or 1904). A workbook on a file system other than the local disk is copied to a
 * local temporary file first, removed on close.
 */
final class Workbook implements Closeable {
    /** Why a workbook cannot be read at all: password-protected, an .xls under another name, corrupt. */
    static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason);
        }
    }

    /** A worksheet: its name as the tab shows it, and the package part that holds its rows. */
    record Sheet(String name, String partName) {
    }

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final OPCPackage pkg;
    private final File temporaryCopy;
    private final XSSFReader reader;
    private final boolean date1904;
    private final boolean[] dateStyles;
    private SharedStrings strings;

    private Workbook(OPCPackage pkg, File temporaryCopy) throws IOException, Unreadable {
        this.pkg = pkg;
        this.temporaryCopy = temporaryCopy;
        try {
            this.reader = new XSSFReader(pkg);
            this.date1904 = date1904(reader.getWorkbookData());
            StylesTable styles = reader.getStylesTable();
            int n = styles == null ? 0 : styles.getNumCellStyles();
            this.dateStyles = new boolean[n];
            for (int i = 0; i < n; i++) {
                XSSFCellStyle style = styles.getStyleAt(i);
                dateStyles[i] = style != null && isDateFormat(style.getDataFormat(), style.getDataFormatString());
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new Unreadable("not a valid .xlsx workbook (" + e.getMessage() + ")");
        }
    }

    /** Opens the workbook at {@code path}, or says in {@link Unreadable} why it cannot be read. */
    static Workbook open(FileSystem fs, Path path) throws IOException, Unreadable {
        File local;
        File copy = null;
        if ("file".equals(fs.getUri().getScheme())) {
            local = new File(fs.makeQualified(path).toUri());
        } else {
            copy = File.createTempFile("workbook-", ".xlsx");
            try (FSDataInputStream in = fs.open(path)) {
                Files.copy(in, copy.toPath(), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(copy.toPath());
                throw e;
            }
            local = copy;
        }
        try {
            if (local.length() == 0) {
                throw new Unreadable("an empty file (0 bytes): a copy that did not finish?");
            }
            FileMagic magic = FileMagic.valueOf(local);
            if (magic == FileMagic.OLE2) {
                throw new Unreadable(encrypted(local)
                        ? "password-protected: save it without a password (File > Info > Protect Workbook)"
                        : "an old binary .xls workbook under an .xlsx name: open it and save it as .xlsx");
            }
            if (magic != FileMagic.OOXML) {
                throw new Unreadable("not an .xlsx workbook (" + (magic == FileMagic.UNKNOWN
                        ? "not a zip package: a text file renamed?" : "its bytes are " + magic.name().toLowerCase(Locale.ROOT))
                        + "): open it and save it as .xlsx");
            }
            OPCPackage pkg;
            try {
                pkg = OPCPackage.open(local, PackageAccess.READ);
            } catch (Exception e) {
                throw new Unreadable("not a valid .xlsx workbook (" + e.getMessage() + ")");
            }
            try {
                return new Workbook(pkg, copy);
            } catch (IOException | Unreadable | RuntimeException e) {
                pkg.revert();
                throw e;
            }
        } catch (IOException | Unreadable | RuntimeException e) {
            if (copy != null) {
                Files.deleteIfExists(copy.toPath());
            }
            throw e;
        }
    }

    private static boolean encrypted(File file) {
        try (POIFSFileSystem ole = new POIFSFileSystem(file, true)) {
            return ole.getRoot().hasEntry("EncryptionInfo");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The {@code date1904} flag of the workbook's properties: dates counted from 1904-01-01 (old Mac Excel). */
    private static boolean date1904(InputStream workbookXml) throws IOException {
        try (workbookXml) {
            XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(workbookXml);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && "workbookPr".equals(xml.getLocalName())) {
                    String v = xml.getAttributeValue(null, "date1904");
                    return v != null && ("1".equals(v.strip()) || "true".equalsIgnoreCase(v.strip()));
                }
                if (xml.getEventType() == XMLStreamConstants.START_ELEMENT && "sheets".equals(xml.getLocalName())) {
                    return false; // workbookPr comes before the sheets when present
                }
            }
            return false;
        } catch (XMLStreamException e) {
            throw new IOException("the workbook's XML is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * True for a date or time format: those POI knows by id or by pattern, and the built-in ids a
     * Chinese, Japanese or Korean Excel uses for its own date and time formats (27–36, 50–58, such
     * as {@code yyyy"年"m"月"d"日"}), which a workbook names by id alone.
     */
    static boolean isDateFormat(int id, String pattern) {
        if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) {
            return true;
        }
        return pattern != null && DateUtil.isADateFormat(id, pattern);
    }

    List<Sheet> sheets() throws IOException, Unreadable {
        List<Sheet> sheets = new ArrayList<>();
        try {
            XSSFReader.SheetIterator it = reader.getSheetIterator();
            while (it.hasNext()) {
                it.next().close();
                sheets.add(new Sheet(it.getSheetName(), it.getSheetPart().getPartName().getName()));
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new Unreadable("its list of sheets cannot be read (" + e.getMessage() + ")");
        }
        return sheets;
    }

    boolean date1904() {
        return date1904;
    }

    /** The rows of a sheet, streamed. */
    SheetCells rows(Sheet sheet) throws IOException {
        return new SheetCells(part(sheet).getInputStream());
    }

    /**
     * The merged areas of a sheet. Most sheets have none: their XML is first searched for the word
     * as bytes (a pass that inflates the part without parsing it), and parsed only when it is there.
     */
    List<SheetCells.Area> mergedAreas(Sheet sheet) throws IOException {
        try (InputStream in = part(sheet).getInputStream()) {
            if (!SheetCells.mentions(in, "mergeCell".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                return List.of();
            }
        }
        return SheetCells.mergedAreas(part(sheet).getInputStream());
    }

    private PackagePart part(Sheet sheet) throws IOException {
        try {
            PackagePart part = pkg.getPart(PackagingURIHelper.createPartName(sheet.partName()));
            if (part == null) {
                throw new IOException("the workbook has no sheet " + sheet.name() + " any more");
            }
            return part;
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The shared strings, read on first use (the whole table: a string cell names one by index). */
    private SharedStrings strings() throws IOException {
        if (strings == null) {
            try {
                strings = new ReadOnlySharedStringsTable(pkg, false);
            } catch (org.xml.sax.SAXException e) {
                throw new IOException("the workbook's shared strings are not valid XML: " + e.getMessage(), e);
            }
        }
        return strings;
    }

    /** True when the cell's format is a date or time format. */
    boolean isDate(SheetCells.Cell cell) {
        return cell.style() >= 0 && cell.style() < dateStyles.length && dateStyles[cell.style()];
    }

    /** The text of a string cell (shared, inline or a formula's text); null for a cell of another type. */
    String text(SheetCells.Cell cell) throws IOException {
        if (cell.value() == null) {
            return null;
        }
        switch (cell.type()) {
            case "s":
                try {
                    return strings().getItemAt(Integer.parseInt(cell.value().strip())).getString();
                } catch (RuntimeException e) {
                    throw new IOException("a cell names shared string " + cell.value() + ", which the workbook "
                            + "does not hold", e);
                }
            case "inlineStr":
            case "str":
            case "d":
                return cell.value();
            default:
                return null;
        }
    }

    /**
     * A date cell's value as records.md writes dates: {@code 2024-03-05} at midnight, else
     * {@code 2024-03-05 09:30:00} (wall-clock time: Asia/Shanghai), in the workbook's date system.
     */
    String dateText(double serial) {
        LocalDateTime t = DateUtil.getLocalDateTime(serial, date1904, true);
        if (t == null) {
            return null;
        }
        return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : DATE_TIME.format(t);
    }

    /**
     * A cell's value as text, and the problem it has (a reason code without its field; null when none).
     * Read as a value of {@code identifier} (a code or an id: see {@code Field.isIdentifier}), a
     * number is its integer digits, and one that is not an integer is {@code invalid_code}.
     */
    record Value(String text, String problem) {
        static final Value BLANK = new Value(null, null);
    }

    /** Problem: a formula whose result the workbook never stored (saved by a tool that does not compute). */
    static final String INVALID_FORMULA = "invalid_formula";
    /** Problem: an error value (#N/A, #DIV/0!, #REF!…). */
    static final String INVALID_CELL = "invalid_cell";
    /** Numbers from here on have more digits than Excel stores exactly (15). */
    static final double EXACT_DIGITS_LIMIT = 1e15;
    /** Problem: a number that is not an integer (or has more than 15 digits) where a code or an id belongs. */
    static final String INVALID_CODE = "invalid_code";

    /** The value of a cell, typed as the workbook stores it (see {@link Value}). */
    Value valueOf(SheetCells.Cell cell, boolean identifier) throws IOException {
        if (cell.value() == null) {
            return cell.formula() ? new Value(null, INVALID_FORMULA) : Value.BLANK;
        }
        switch (cell.type()) {
            case "e":
                return new Value(null, INVALID_CELL);
            case "b":
                return new Value("1".equals(cell.value().strip()) ? "true" : "false", null);
            case "n":
                double v;
                try {
                    v = Double.parseDouble(cell.value().strip());
                } catch (NumberFormatException e) {
                    return new Value(cell.value(), null); // not a number after all: its text, judged as text
                }
                if (identifier) {
                    // Excel keeps 15 significant digits: a longer id stored as a number has lost its
                    // last digits already (an 18-digit 4.20103E+17 is no id any more)
                    boolean whole = v == Math.rint(v) && Math.abs(v) < EXACT_DIGITS_LIMIT;
                    return new Value(numberText(v), whole ? null : INVALID_CODE);
                }
                String date = isDate(cell) ? dateText(v) : null; // null too for a serial no calendar has
                return new Value(date != null ? date : numberText(v), null);
            default:
                return new Value(text(cell), null);
        }
    }

    /** A number as plain digits: integers without {@code .0}, never an exponent. */
    static String numberText(double v) {
        if (v == Math.rint(v) && Math.abs(v) < EXACT_DIGITS_LIMIT) {
            return Long.toString((long) v);
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    @Override
    public void close() throws IOException {
        pkg.revert(); // opened read-only: nothing to save
        if (temporaryCopy != null) {
            Files.deleteIfExists(temporaryCopy.toPath());
        }
    }
}
