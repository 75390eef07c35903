package org.burdenwatch.records;

/**
 * The documentation of one output column: its name, unit, Chinese label and definition (its type
 * is what the job writes). Each domain declares the entries of the columns it defines (the record
 * types here, the indicators in indicators/, the targets and the audit in theirs); the job's
 * data dictionary gathers them per table, the files carry them in their column metadata, and
 * {@code docs/data-dictionary.md} is generated from them.
 */
public record ColumnEntry(String column, String unit, String chineseLabel, String definition) {
    public static ColumnEntry of(String column, String unit, String chineseLabel, String definition) {
        return new ColumnEntry(column, unit, chineseLabel, definition);
    }
}
