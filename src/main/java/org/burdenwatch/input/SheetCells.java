package org.burdenwatch.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.util.XMLHelper;

/**
 * The rows of one worksheet of an .xlsx workbook, pulled one at a time from its XML (StAX, with
 * POI's secure parser settings: no DTD, no external entity), so that a sheet of a million rows
 * never sits in memory. A cell is kept as the workbook stores it: its type attribute, its stored
 * value, its style and whether it holds a formula; {@link Workbook} gives it a meaning.
 */
final class SheetCells implements Closeable {
    /**
     * One stored cell.
     *
     * @param column  0-based column (A = 0)
     * @param type    the cell's {@code t} attribute: {@code n} (number, the default), {@code s} (shared
     *                string), {@code str} (a formula's text), {@code inlineStr}, {@code b}, {@code e}
     *                (an error such as #N/A) or {@code d} (an ISO 8601 date)
     * @param value   the stored value: the {@code <v>} text, or an inline string's text; null when the
     *                cell stores none (a formula whose result was never computed, a styled blank)
     * @param style   index of its cell format (0 when none)
     * @param formula true when the cell holds a formula
     */
    record Cell(int column, String type, String value, int style, boolean formula) {
    }

    /** One stored row: its number as Excel shows it (1-based) and its stored cells, left to right. */
    record Row(long number, List<Cell> cells) {
    }

    /** A merged area, rows and columns inclusive (rows 1-based, columns 0-based). */
    record Area(long firstRow, long lastRow, int firstColumn, int lastColumn) {
        boolean coversRow(long row) {
            return row >= firstRow && row <= lastRow;
        }
    }

    private final InputStream in;
    private final XMLStreamReader xml;
    private long lastRow;
    private boolean done;

    SheetCells(InputStream in) throws IOException {
        this.in = in;
        try {
            this.xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw new IOException("cannot read the sheet's XML: " + e.getMessage(), e);
        }
    }

    /** The next stored row, or null after the last one. */
    Row next() throws IOException {
        if (done) {
            return null;
        }
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) {
                    String r = xml.getAttributeValue(null, "r");
                    long number = r == null ? lastRow + 1 : Long.parseLong(r.strip());
                    lastRow = number;
                    return new Row(number, cells());
                }
                if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(xml.getLocalName())) {
                    break;
                }
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException("the sheet's XML is not valid: " + e.getMessage(), e);
        }
        done = true;
        return null;
    }

    /** The cells of the row just started, up to its end tag. */
    private List<Cell> cells() throws XMLStreamException {
        List<Cell> cells = new ArrayList<>();
        int column = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && "row".equals(xml.getLocalName())) {
                return cells;
            }
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(xml.getLocalName())) {
                String ref = xml.getAttributeValue(null, "r");
                column = ref == null ? column + 1 : columnOf(ref);
                String type = xml.getAttributeValue(null, "t");
                String s = xml.getAttributeValue(null, "s");
                cells.add(cell(column, type == null ? "n" : type, s == null ? 0 : Integer.parseInt(s.strip())));
            }
        }
        return cells;
    }

    /** The cell just started, up to its end tag: its formula, value or inline text. */
    private Cell cell(int column, String type, int style) throws XMLStreamException {
        boolean formula = false;
        String value = null;
        StringBuilder inline = null;
        int phonetic = 0;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "f" -> formula = true;
                    case "v" -> value = xml.getElementText();
                    case "is" -> inline = new StringBuilder();
                    case "rPh" -> phonetic++; // a phonetic guide (furigana) is no part of the text
                    case "t" -> {
                        String t = xml.getElementText();
                        if (inline != null && phonetic == 0) {
                            inline.append(t);
                        }
                    }
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "c" -> {
                        String v = "inlineStr".equals(type) && inline != null ? inline.toString() : value;
                        return new Cell(column, type, v, style, formula);
                    }
                    case "rPh" -> phonetic--;
                    default -> { }
                }
            }
        }
        return new Cell(column, type, value, style, formula);
    }

    /** The 0-based column of a cell reference such as {@code AB12}. */
    static int columnOf(String ref) {
        int column = 0;
        for (int i = 0; i < ref.length(); i++) {
            char c = Character.toUpperCase(ref.charAt(i));
            if (c < 'A' || c > 'Z') {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
        }
        return column - 1;
    }

    /** The row of a cell reference such as {@code AB12}. */
    static long rowOf(String ref) {
        int i = 0;
        while (i < ref.length() && Character.isLetter(ref.charAt(i))) {
            i++;
        }
        return Long.parseLong(ref.substring(i));
    }

    /** True when the stream's bytes hold {@code word} (read to its end or to the first match). */
    static boolean mentions(InputStream in, byte[] word) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int kept = 0; // the end of the previous buffer, which a match may start in
        for (int n = in.read(buffer, kept, buffer.length - kept); n >= 0; n = in.read(buffer, kept, buffer.length - kept)) {
            int end = kept + n;
            for (int i = 0; i + word.length <= end; i++) {
                if (buffer[i] == word[0] && java.util.Arrays.equals(buffer, i, i + word.length, word, 0, word.length)) {
                    return true;
                }
            }
            kept = Math.min(word.length - 1, end);
            System.arraycopy(buffer, end - kept, buffer, 0, kept);
        }
        return false;
    }

    /**
     * The merged areas of a sheet (its {@code <mergeCells>}, which the XML holds after the rows: a
     * pass of its own, before the rows are read).
     */
    static List<Area> mergedAreas(InputStream in) throws IOException {
        List<Area> areas = new ArrayList<>();
        try (in) {
            XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(in);
            try {
                while (xml.hasNext()) {
                    if (xml.next() == XMLStreamConstants.START_ELEMENT && "mergeCell".equals(xml.getLocalName())) {
                        String ref = xml.getAttributeValue(null, "ref");
                        if (ref != null) {
                            String[] corners = ref.strip().split(":");
                            String last = corners.length > 1 ? corners[1] : corners[0];
                            areas.add(new Area(rowOf(corners[0]), rowOf(last), columnOf(corners[0]), columnOf(last)));
                        }
                    }
                }
            } finally {
                xml.close();
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException("the sheet's XML is not valid: " + e.getMessage(), e);
        }
        return areas;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // the stream is closed below either way
        }
        in.close();
    }
}
