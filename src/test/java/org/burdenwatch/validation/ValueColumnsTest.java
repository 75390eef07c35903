package org.burdenwatch.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueColumnsTest {
    /**
     * {@link ValueColumns#text} trims only a value whose first or last character is in the ranges it
     * checks: a white-space character outside them would be left on the value.
     */
    @Test
    void everyWhitespaceCharacterIsInTheRangesTheTrimChecks() {
        int listed = 0;
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            boolean inRanges = c <= ValueColumns.WHITESPACE_LOW_MAX
                    || (c >= ValueColumns.WHITESPACE_HIGH_MIN && c <= ValueColumns.WHITESPACE_HIGH_MAX);
            if (ValueColumns.WHITESPACE.indexOf(c) >= 0) {
                listed++;
                assertTrue(inRanges, "U+" + Integer.toHexString(c) + " is white space outside the ranges");
            }
            // the list is what String.strip() removes
            assertEquals(Character.isWhitespace(c), ValueColumns.WHITESPACE.indexOf(c) >= 0,
                    "U+" + Integer.toHexString(c));
        }
        assertEquals(ValueColumns.WHITESPACE.length(), listed);
    }

    /**
     * Spark 4.2 logs a deprecation warning on every run that resolves the two-argument
     * {@code trim(str, chars)} (what {@code functions.trim(Column, String)} builds): the validation
     * trims with {@code btrim}, which strips the same characters from both ends without one.
     */
    @Test
    void theTrimsAreNotSparksDeprecatedTwoArgumentTrim() {
        for (org.apache.spark.sql.Column c : java.util.List.of(
                ValueColumns.text(org.apache.spark.sql.functions.col("x")))) {
            String sql = c.toString();
            assertTrue(sql.contains("btrim("), sql);
            assertTrue(!sql.matches("(?s).*(?<![a-z])trim\\(.*"), sql);
        }
    }
}
