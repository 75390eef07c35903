package org.burdenwatch.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The targets and parameters file (JSON, {@code "version": 1}): the time parameters of the burden
 * model and, per indicator, a cap or floor and an optional year-on-year reduction goal, for every
 * division or for named ones. Read and checked before any work: a malformed or incomplete file
 * stops the run with one line naming the file, the entry and what is wrong.
 *
 * <p>The shipped defaults are {@code src/main/resources/org/burdenwatch/targets/targets.json};
 * {@code --targets FILE} replaces them.
 */
public record TargetsFile(String source, Parameters parameters, List<Target> targets) {
    public static final int VERSION = 1;
    public static final String DEFAULT_RESOURCE = "/org/burdenwatch/targets/targets.json";

    /**
     * The run's parameters: the burden model's time parameters (Standard Cost Model: time ×
     * quantity), the 督检考 plan caps, the window of plausible dates (records dated outside it are
     * {@code out_of_range}), and the extra columns that hold personal names (never kept in raw text).
     */
    public record Parameters(double hoursPerReport, double hoursPerInspectedUnit, double burdenShiftMarginPct,
                             Map<String, Long> inspectionPlanCaps, LocalDate earliestPlausibleDate,
                             int latestPlausibleYearsAhead, List<String> personalColumns,
                             CompletenessRules completeness, int maxLineBytes, int lateRecordGraceDays) {

        /**
         * The codes of the plan caps that name no division for which {@code known} holds, sorted: a
         * cap naming no county or prefecture is a typo that would leave its division without a cap.
         */
        public List<String> capsNotNaming(java.util.function.Predicate<String> known) {
            return inspectionPlanCaps.keySet().stream().filter(code -> !known.test(code)).sorted().toList();
        }

        /** The last plausible date of a run on {@code today} (Asia/Shanghai). */
        public LocalDate latestPlausibleDate(LocalDate today) {
            return today.plusYears(latestPlausibleYearsAhead);
        }

        /** Every year a plausible date of a run on {@code today} may fall in (a clean record's date does). */
        public Set<Integer> plausibleYears(LocalDate today) {
            Set<Integer> years = new TreeSet<>();
            for (int y = earliestPlausibleDate.getYear(); y <= latestPlausibleDate(today).getYear(); y++) {
                years.add(y);
            }
            return years;
        }
    }

    /**
     * When a month of a division's records of one source is not to be trusted (quality/completeness):
     * {@code missing} when it has no accepted record while at least {@code missingMinMonths} of the
     * 12 preceding months had one; {@code sparse} when its accepted records are below
     * {@code sparseShare} × the median of the 12 preceding months and that median is at least
     * {@code sparseMinMedian}; {@code quarantine_heavy} when more than {@code quarantineHeavyShare}
     * of its records were quarantined; {@code no_history} (trusted) with fewer than
     * {@code minHistoryMonths} preceding months.
     */
    public record CompletenessRules(int missingMinMonths, double sparseShare, double sparseMinMedian,
                                    double quarantineHeavyShare, int minHistoryMonths) {
        public static final CompletenessRules DEFAULTS = new CompletenessRules(9, 0.5, 10, 0.2, 6);
    }

    /** Defaults of the optional parameters. */
    public static final LocalDate DEFAULT_EARLIEST_PLAUSIBLE_DATE = LocalDate.of(2000, 1, 1);
    /**
     * A line (a JSON record, or a physical line of a CSV file) longer than this many bytes is
     * quarantined as {@code line_too_long} with its length, without being held in memory: a 200 MB
     * "line" is a broken export, not a record.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    public static final int DEFAULT_LATEST_PLAUSIBLE_YEARS_AHEAD = 1;
    /**
     * A record is late ({@code late}) when the run that first ingested it started more than this
     * many days after the end of its event's month: a period filled in after it had closed (补录).
     */
    public static final int DEFAULT_LATE_RECORD_GRACE_DAYS = 15;

    /** Column names that hold a person's name in the exports offices keep, beyond the declared fields. */
    public static final List<String> DEFAULT_PERSONAL_COLUMNS = List.of("负责人", "联系人", "领导", "姓名", "leader_name",
            "contact");

    /**
     * One target. {@code direction} is {@code at_most} (a cap) or {@code at_least} (a floor); the
     * threshold is {@code threshold}, or, with {@code yoyReductionPct}, the same period of the
     * previous year reduced by that many percent. Empty {@code divisions} means every division
     * not named by another entry of the same name.
     */
    public record Target(String name, String indicator, String direction, Double threshold, Double yoyReductionPct,
                         List<String> periodTypes, List<String> divisions, String rule) {
        public boolean isCap() {
            return "at_most".equals(direction);
        }
    }

    /**
     * The indicators a target may name, and those of them with a previous-year value (which a
     * {@code yoy_reduction_pct} target needs). The indicator catalogue supplies it, so this file
     * stays below the indicators in the layers.
     */
    public record Targetable(Set<String> names, Set<String> withPreviousYear) {
    }

    /** The shipped defaults. */
    public static TargetsFile defaults(Targetable indicators) {
        try (InputStream in = TargetsFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse("(built-in) " + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    indicators);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in targets", e);
        }
    }

    /** Reads a targets file through Hadoop's FileSystem (local, HDFS, …). */
    public static TargetsFile load(Configuration conf, String path, Targetable indicators) {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8), indicators);
        } catch (FileNotFoundException e) {
            throw new InputProblem("targets file not found: " + path);
        } catch (IOException e) {
            throw new InputProblem("cannot read targets file " + path + ": " + e.getMessage());
        }
    }

    // ---- the file as JSON: bound by Jackson to these shapes, then checked ----

    /** The file's keys (snake_case of the components, in this order: an unknown key is named with them). */
    record FileShape(Double version, ParametersShape parameters, List<TargetShape> targets) {
    }

    record ParametersShape(Double hoursPerReport, Double hoursPerInspectedUnit, Double burdenShiftMarginPct,
                           Map<String, Double> inspectionPlanCaps, String earliestPlausibleDate,
                           Double latestPlausibleYearsAhead, List<String> personalColumns,
                           CompletenessShape completeness, Double maxLineBytes, Double lateRecordGraceDays) {
    }

    record CompletenessShape(Double missingMinMonths, Double sparseShare, Double sparseMinMedian,
                             Double quarantineHeavyShare, Double minHistoryMonths) {
    }

    record TargetShape(String name, String indicator, String direction, Double threshold, Double yoyReductionPct,
                       List<String> periodTypes, List<String> divisions, String rule) {
    }

    /** The bounds of a number of the file, and the line said when a value is outside them (or not a number). */
    record Bounds(double min, double max, boolean whole, String must) {
        static Bounds number(double min, double max) {
            return new Bounds(min, max, false, "must be a number from " + plain(min) + " to " + plain(max));
        }

        static Bounds wholeNumber(double min, double max) {
            return new Bounds(min, max, true, "must be a whole number from " + plain(min) + " to " + plain(max));
        }

        boolean holds(double v) {
            return Double.isFinite(v) && v >= min && v <= max && (!whole || v == Math.rint(v));
        }
    }

    static final Bounds HOURS = Bounds.number(0, 1000);
    static final Bounds YEARS_AHEAD = Bounds.wholeNumber(0, 50);
    static final Bounds GRACE_DAYS = Bounds.wholeNumber(0, 366);
    static final Bounds LINE_BYTES = new Bounds(1024, 1L << 30, true,
            "must be a whole number of bytes from 1024 to " + (1L << 30));
    static final Bounds PLAN_CAP = new Bounds(1, 1_000_000, true, "must be a whole number from 1 to 1,000,000");
    static final Bounds MONTHS = Bounds.wholeNumber(1, 12);
    static final Bounds HISTORY_MONTHS = Bounds.wholeNumber(0, 12);
    static final Bounds SHARE = Bounds.number(0, 1);
    static final Bounds MEDIAN = Bounds.number(0, 1_000_000);
    static final Bounds REDUCTION_PCT = new Bounds(-1000, 100, false, "must be from -1000 to 100 (percent)");

    /** What each key's value must be, said when it is of the wrong kind (a text for a number, a number for a list…). */
    private static final Map<String, String> MUST = Map.ofEntries(
            Map.entry("hours_per_report", HOURS.must()), Map.entry("hours_per_inspected_unit", HOURS.must()),
            Map.entry("burden_shift_margin_pct", HOURS.must()),
            Map.entry("earliest_plausible_date", "must be a date like 2000-01-01"),
            Map.entry("latest_plausible_years_ahead", YEARS_AHEAD.must()),
            Map.entry("personal_columns", "must be a list of text"), Map.entry("max_line_bytes", LINE_BYTES.must()),
            Map.entry("late_record_grace_days", GRACE_DAYS.must()),
            Map.entry("missing_min_months", MONTHS.must()), Map.entry("sparse_share", SHARE.must()),
            Map.entry("sparse_min_median", MEDIAN.must()), Map.entry("quarantine_heavy_share", SHARE.must()),
            Map.entry("min_history_months", HISTORY_MONTHS.must()),
            Map.entry("name", "must be text"), Map.entry("indicator", "must be text"),
            Map.entry("direction", "must be text"), Map.entry("rule", "must be text"),
            Map.entry("threshold", "must be a finite number"), Map.entry("yoy_reduction_pct", "must be a finite number"),
            Map.entry("period_types", "must be a list of text"), Map.entry("divisions", "must be a list of text"));

    /**
     * Jackson, strict: a key given twice or unknown is refused, as is a value of another kind than
     * its key's (no text read as a number, no number as text), and anything after the object.
     */
    private static final ObjectMapper JSON = strictMapper();

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail); // 5 is not "5"
        }
        for (CoercionInputShape shape : List.of(CoercionInputShape.String, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Float).setCoercion(shape, CoercionAction.Fail); // "5" is not 5
        }
        return mapper;
    }

    /** Parses and checks a targets file; every problem is an InputProblem naming file and entry. */
    public static TargetsFile parse(String source, String json, Targetable indicators) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw problem(source, "not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw problem(source, "must be a JSON object with version, parameters and targets");
        }
        FileShape file;
        try {
            file = JSON.treeToValue(root, FileShape.class);
        } catch (UnrecognizedPropertyException e) {
            List<JsonMappingException.Reference> path = e.getPath();
            Class<?> shape = e.getReferringClass();
            throw problem(source, where(path.subList(0, path.size() - 1), root) + ": unknown key \"" + e.getPropertyName()
                    + "\" (known: " + String.join(", ", keysOf(shape)) + ")");
        } catch (JsonProcessingException e) {
            throw problem(source, wrongKind(e instanceof JsonMappingException m ? m.getPath() : List.of(), root));
        }
        if (file.version() == null || file.version() != VERSION) {
            throw problem(source, "\"version\" must be " + VERSION);
        }
        Parameters parameters = parameters(source, required(source, file.parameters(), "parameters", "the file"));
        List<TargetShape> list = required(source, file.targets(), "targets", "the file");
        List<Target> targets = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Target t = target(source, i + 1, list.get(i), indicators);
            String key = t.name() + "|" + t.divisions();
            if (!seen.add(key)) {
                throw problem(source, "target " + (i + 1) + " (" + t.name() + ") repeats an earlier entry for the same divisions");
            }
            targets.add(t);
        }
        return new TargetsFile(source, parameters, targets);
    }

    /** The keys of a shape, as the file spells them. */
    private static List<String> keysOf(Class<?> shape) {
        return Arrays.stream(shape.getRecordComponents())
                .map(c -> PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName())).toList();
    }

    /** The entry a path of keys and indexes leads to, as the errors name it. */
    private static String where(List<JsonMappingException.Reference> path, JsonNode root) {
        if (path.isEmpty()) {
            return "the file";
        }
        if ("targets".equals(path.get(0).getFieldName()) && path.size() > 1) {
            int i = path.get(1).getIndex();
            JsonNode name = root.path("targets").path(i).path("name");
            return "target " + (i + 1) + (name.isTextual() && !name.asText().isBlank() ? " (" + name.asText() + ")" : "");
        }
        List<String> keys = new ArrayList<>();
        path.forEach(r -> keys.add(r.getFieldName()));
        return String.join(": ", keys);
    }

    /** The line for a value of the wrong kind at {@code path}: what the key's value must be. */
    private static String wrongKind(List<JsonMappingException.Reference> path, JsonNode root) {
        List<String> keys = path.stream().map(r -> r.getFieldName() == null ? "[]" : r.getFieldName()).toList();
        if (keys.equals(List.of("version"))) {
            return "\"version\" must be " + VERSION;
        }
        if (keys.equals(List.of("parameters"))) {
            return "\"parameters\" must be an object";
        }
        if (keys.equals(List.of("targets"))) {
            return "\"targets\" must be a list";
        }
        if (keys.equals(List.of("targets", "[]"))) {
            return "target " + (path.get(1).getIndex() + 1) + " must be an object";
        }
        if (keys.equals(List.of("parameters", "completeness"))) {
            return "parameters: completeness must be an object";
        }
        if (keys.equals(List.of("parameters", "inspection_plan_caps"))) {
            return "parameters: inspection_plan_caps must map division codes to numbers";
        }
        if (keys.size() == 3 && keys.subList(0, 2).equals(List.of("parameters", "inspection_plan_caps"))) {
            return "parameters: inspection_plan_caps." + keys.get(2) + " " + PLAN_CAP.must();
        }
        int field = keys.size() - 1;
        while (field > 0 && (keys.get(field).equals("[]") || !MUST.containsKey(keys.get(field)))) {
            field--; // an element of a list: the list's key
        }
        String key = keys.get(field);
        return where(path.subList(0, field), root) + ": \"" + key + "\" " + MUST.getOrDefault(key, "is of the wrong kind");
    }

    private static Parameters parameters(String source, ParametersShape p) {
        String where = "parameters";
        double report = number(source, where, "hours_per_report", p.hoursPerReport(), HOURS);
        double inspection = number(source, where, "hours_per_inspected_unit", p.hoursPerInspectedUnit(), HOURS);
        double margin = number(source, where, "burden_shift_margin_pct", p.burdenShiftMarginPct(), HOURS);
        Map<String, Long> caps = new LinkedHashMap<>();
        if (p.inspectionPlanCaps() != null) {
            p.inspectionPlanCaps().forEach((code, cap) -> {
                if (cap == null || !PLAN_CAP.holds(cap)) {
                    throw problem(source, "parameters: inspection_plan_caps." + code + " " + PLAN_CAP.must());
                }
                caps.put(code, cap.longValue());
            });
        }
        LocalDate earliest = DEFAULT_EARLIEST_PLAUSIBLE_DATE;
        if (p.earliestPlausibleDate() != null) {
            try {
                earliest = LocalDate.parse(p.earliestPlausibleDate());
            } catch (DateTimeParseException e) {
                throw problem(source, where + ": \"earliest_plausible_date\" " + MUST.get("earliest_plausible_date"));
            }
        }
        int yearsAhead = p.latestPlausibleYearsAhead() == null ? DEFAULT_LATEST_PLAUSIBLE_YEARS_AHEAD
                : (int) number(source, where, "latest_plausible_years_ahead", p.latestPlausibleYearsAhead(), YEARS_AHEAD);
        List<String> names = p.personalColumns() == null ? DEFAULT_PERSONAL_COLUMNS : p.personalColumns();
        if (names.stream().anyMatch(n -> n == null || n.isBlank())) {
            throw problem(source, "parameters: \"personal_columns\" must list column names");
        }
        int maxLineBytes = p.maxLineBytes() == null ? DEFAULT_MAX_LINE_BYTES
                : (int) number(source, where, "max_line_bytes", p.maxLineBytes(), LINE_BYTES);
        int graceDays = p.lateRecordGraceDays() == null ? DEFAULT_LATE_RECORD_GRACE_DAYS
                : (int) number(source, where, "late_record_grace_days", p.lateRecordGraceDays(), GRACE_DAYS);
        return new Parameters(report, inspection, margin, caps, earliest, yearsAhead, List.copyOf(names),
                completeness(source, p.completeness()), maxLineBytes, graceDays);
    }

    private static CompletenessRules completeness(String source, CompletenessShape c) {
        CompletenessRules d = CompletenessRules.DEFAULTS;
        if (c == null) {
            return d;
        }
        String where = "parameters: completeness";
        return new CompletenessRules(
                c.missingMinMonths() == null ? d.missingMinMonths()
                        : (int) number(source, where, "missing_min_months", c.missingMinMonths(), MONTHS),
                c.sparseShare() == null ? d.sparseShare() : number(source, where, "sparse_share", c.sparseShare(), SHARE),
                c.sparseMinMedian() == null ? d.sparseMinMedian()
                        : number(source, where, "sparse_min_median", c.sparseMinMedian(), MEDIAN),
                c.quarantineHeavyShare() == null ? d.quarantineHeavyShare()
                        : number(source, where, "quarantine_heavy_share", c.quarantineHeavyShare(), SHARE),
                c.minHistoryMonths() == null ? d.minHistoryMonths()
                        : (int) number(source, where, "min_history_months", c.minHistoryMonths(), HISTORY_MONTHS));
    }

    private static Target target(String source, int n, TargetShape t, Targetable indicators) {
        if (t == null) {
            throw problem(source, "target " + n + " must be an object");
        }
        String name = t.name() == null || t.name().isBlank() ? null : t.name();
        String where = "target " + n + (name == null ? "" : " (" + name + ")");
        if (name == null) {
            throw problem(source, where + ": \"name\" is missing");
        }
        String indicator = required(source, t.indicator(), "indicator", where);
        if (!indicators.names().contains(indicator)) {
            throw problem(source, where + ": unknown indicator \"" + indicator + "\"");
        }
        String direction = required(source, t.direction(), "direction", where);
        if (!direction.equals("at_most") && !direction.equals("at_least")) {
            throw problem(source, where + ": direction must be at_most or at_least, not \"" + direction + "\"");
        }
        Double threshold = t.threshold();
        Double reduction = t.yoyReductionPct();
        for (Double v : new Double[] {threshold, reduction}) {
            if (v != null && !Double.isFinite(v)) {
                throw problem(source, where + ": \"" + (v == threshold ? "threshold" : "yoy_reduction_pct") + "\" "
                        + MUST.get("threshold"));
            }
        }
        if ((threshold == null) == (reduction == null)) {
            throw problem(source, where + ": give exactly one of threshold and yoy_reduction_pct");
        }
        if (reduction != null && !REDUCTION_PCT.holds(reduction)) {
            throw problem(source, where + ": yoy_reduction_pct " + REDUCTION_PCT.must());
        }
        if (reduction != null && !indicators.withPreviousYear().contains(indicator)) {
            throw problem(source, where + ": yoy_reduction_pct needs an indicator with a previous-year value, not \""
                    + indicator + "\"");
        }
        List<String> periodTypes = texts(source, where, "period_types", t.periodTypes());
        for (String pt : periodTypes) {
            if (!Period.TYPES.contains(pt)) {
                throw problem(source, where + ": unknown period type \"" + pt + "\"");
            }
        }
        return new Target(name, indicator, direction, threshold, reduction,
                periodTypes.isEmpty() ? Period.TYPES : periodTypes, texts(source, where, "divisions", t.divisions()),
                t.rule() == null ? "" : t.rule());
    }

    /** A list of text, empty when absent; a null in it is refused. */
    private static List<String> texts(String source, String where, String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw problem(source, where + ": \"" + field + "\" " + MUST.get(field));
        }
        return values;
    }

    private static <T> T required(String source, T value, String field, String where) {
        if (value == null) {
            throw problem(source, where + ": \"" + field + "\" is missing");
        }
        return value;
    }

    private static double number(String source, String where, String field, Double value, Bounds bounds) {
        if (!bounds.holds(required(source, value, field, where))) {
            throw problem(source, where + ": \"" + field + "\" " + bounds.must());
        }
        return value;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static InputProblem problem(String source, String what) {
        return new InputProblem("targets file " + source + ": " + what);
    }
}
