package org.burdenwatch.query;

import java.util.List;

/**
 * Renders rows as an aligned text table for a terminal. Chinese (and other East Asian wide)
 * characters take two columns on a terminal, so widths are counted in display columns, not chars.
 */
public final class TextTable {
    private TextTable() {
    }

    /** The terminal columns a string takes: 2 for East Asian wide and fullwidth characters, 0 for combining marks. */
    public static int displayWidth(String s) {
        int width = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            width += columnsOf(cp);
        }
        return width;
    }

    private static int columnsOf(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || cp == 0x200B) {
            return 0;
        }
        boolean wide = (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    /**
     * The table: a header, a rule, then the rows; numbers (and their headers) right-aligned, text left-aligned.
     *
     * @param numeric which columns hold numbers
     */
    public static String render(List<String> header, boolean[] numeric, List<String[]> rows) {
        int n = header.size();
        int[] widths = new int[n];
        for (int c = 0; c < n; c++) {
            widths[c] = displayWidth(header.get(c));
        }
        for (String[] row : rows) {
            for (int c = 0; c < n; c++) {
                widths[c] = Math.max(widths[c], displayWidth(row[c]));
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header.toArray(new String[0]), widths, numeric);
        for (int c = 0; c < n; c++) {
            s.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
        }
        s.append('\n');
        for (String[] row : rows) {
            line(s, row, widths, numeric);
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String[] cells, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - displayWidth(cells[c]));
            line.append(c == 0 ? "" : " | ");
            line.append(rightAligned[c] ? pad + cells[c] : cells[c] + pad);
        }
        s.append(line.toString().stripTrailing()).append('\n');
    }
}
