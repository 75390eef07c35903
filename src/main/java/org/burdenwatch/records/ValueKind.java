package org.burdenwatch.records;

/**
 * The kinds of value an input field holds. Each kind has exactly one parser in
 * {@code validation.ValueParsers} and one column type in the clean tables.
 */
public enum ValueKind {
    /** Free text, trimmed; empty means absent. */
    TEXT,
    /** A GB/T 2260 division code: 6 or 9 digits, kept as a string (leading zeros matter). */
    DIVISION_CODE,
    /** A calendar date in one of the forms of records.md (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日). */
    DATE,
    /** An instant; without an offset it is Asia/Shanghai wall-clock time. */
    TIMESTAMP,
    /** true/false, 1/0, Y/N, yes/no, 是/否. */
    BOOLEAN,
    /** A whole number, optionally bounded by the field's min/max. */
    INTEGER,
    /** A decimal number. */
    NUMBER,
    /** A share between 0 and 1, or a percentage written with % (70% = 0.70). */
    SHARE,
    /** A reporting period label: 2024, 2024-H1, 2024-Q2, 2024-06 or 2024年上半年; kept normalised (2024-H1). */
    PERIOD,
    /** One value of the field's vocabulary, in English or a Chinese alias. */
    ENUM,
    /** Several values of the field's vocabulary: a JSON array or one string split on ; , 、 |. */
    ENUM_LIST,
    /** The name of an indicator of the outputs (documents_issued, meetings_held, …). */
    INDICATOR
}
