package org.burdenwatch.records;

import java.io.Serializable;
import java.util.List;

/**
 * One column of an input record type, declared as data: its English name, Chinese aliases, kind
 * and rules. Instances are immutable; the fluent methods return modified copies.
 */
public final class Field implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> aliases;
    private final ValueKind kind;
    private final boolean required;
    private final String defaultValue;
    private final Long min;
    private final Long max;
    private final Vocabulary vocabulary;
    private final DivisionRole divisionRole;
    private final boolean personal;

    private Field(String name, List<String> aliases, ValueKind kind, boolean required, String defaultValue,
                  Long min, Long max, Vocabulary vocabulary, DivisionRole divisionRole, boolean personal) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.kind = kind;
        this.required = required;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.vocabulary = vocabulary;
        this.divisionRole = divisionRole;
        this.personal = personal;
    }

    public static Field of(String name, ValueKind kind, String... aliases) {
        return new Field(name, List.of(aliases), kind, false, null, null, null, null, DivisionRole.NONE, false);
    }

    public static Field text(String name, String... aliases) {
        return of(name, ValueKind.TEXT, aliases);
    }

    public static Field date(String name, String... aliases) {
        return of(name, ValueKind.DATE, aliases);
    }

    public static Field timestamp(String name, String... aliases) {
        return of(name, ValueKind.TIMESTAMP, aliases);
    }

    public static Field bool(String name, String... aliases) {
        return of(name, ValueKind.BOOLEAN, aliases);
    }

    public static Field integer(String name, String... aliases) {
        return of(name, ValueKind.INTEGER, aliases);
    }

    public static Field enumeration(String name, Vocabulary vocabulary, String... aliases) {
        return of(name, ValueKind.ENUM, aliases).vocabulary(vocabulary);
    }

    public static Field enumList(String name, Vocabulary vocabulary, String... aliases) {
        return of(name, ValueKind.ENUM_LIST, aliases).vocabulary(vocabulary);
    }

    /** A county_code-style reference: a known county or prefecture. */
    public static Field county(String name, String... aliases) {
        return of(name, ValueKind.DIVISION_CODE, aliases).role(DivisionRole.COUNTY);
    }

    /** A township_code-style reference: optional, a known township of the record's county. */
    public static Field township(String name, String... aliases) {
        return of(name, ValueKind.DIVISION_CODE, aliases).role(DivisionRole.TOWNSHIP);
    }

    public Field required() {
        return new Field(name, aliases, kind, true, defaultValue, min, max, vocabulary, divisionRole, personal);
    }

    public Field withDefault(String value) {
        return new Field(name, aliases, kind, required, value, min, max, vocabulary, divisionRole, personal);
    }

    public Field range(long lo, long hi) {
        return new Field(name, aliases, kind, required, defaultValue, lo, hi, vocabulary, divisionRole, personal);
    }

    public Field atLeast(long lo) {
        return new Field(name, aliases, kind, required, defaultValue, lo, null, vocabulary, divisionRole, personal);
    }

    /** Personal data (e.g. a leader's name): parsed for validation, never written to any output. */
    public Field personal() {
        return new Field(name, aliases, kind, required, defaultValue, min, max, vocabulary, divisionRole, true);
    }

    private Field vocabulary(Vocabulary v) {
        return new Field(name, aliases, kind, required, defaultValue, min, max, v, divisionRole, personal);
    }

    private Field role(DivisionRole r) {
        return new Field(name, aliases, kind, required, defaultValue, min, max, vocabulary, r, personal);
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    public ValueKind kind() {
        return kind;
    }

    public boolean isRequired() {
        return required;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public Long min() {
        return min;
    }

    public Long max() {
        return max;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public DivisionRole divisionRole() {
        return divisionRole;
    }

    public boolean isPersonal() {
        return personal;
    }

    /**
     * A code or an id (a division code, or a field named {@code *_id}): a spreadsheet's number in it
     * is its integer digits ({@code 533401}, never {@code 533401.0} or {@code 5.33401E+5}).
     */
    public boolean isIdentifier() {
        return kind == ValueKind.DIVISION_CODE || name.endsWith("_id");
    }

    /**
     * The clean-table column that holds the Asia/Shanghai calendar date of a timestamp field
     * ({@code started_at} → {@code started_on}); periods are assigned from it.
     */
    public String localDateColumn() {
        return name.endsWith("_at") ? name.substring(0, name.length() - 3) + "_on" : name + "_date";
    }

    /**
     * The clean-table column that holds the Asia/Shanghai wall-clock time of a timestamp field as
     * HH:mm:ss ({@code pushed_at} → {@code pushed_local_time}); after-hours rules read it.
     */
    public String localTimeColumn() {
        return (name.endsWith("_at") ? name.substring(0, name.length() - 3) : name) + "_local_time";
    }

    /** A label for messages: {@code doc_id (文号)}. */
    public String label() {
        return aliases.isEmpty() ? name : name + " (" + aliases.get(0) + ")";
    }

    @Override
    public String toString() {
        return label();
    }
}
