package org.burdenwatch.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** A key given twice is refused (a parser would silently keep the last value). */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /**
     * The run's parameters: the burden model's time parameters (Standard Cost Model: time ×
     * quantity), the 督检考 plan caps, the window of plausible dates (records dated outside it are
     * {@code out_of_range}), and the extra columns that hold personal names (never kept in raw text).
     */
    public record Parameters(double hoursPerReport, double hoursPerInspectedUnit, double burdenShiftMarginPct,
                             Map<String, Long> inspectionPlanCaps, LocalDate earliestPlausibleDate,
                             int latestPlausibleYearsAhead, List<String> personalColumns,
                             CompletenessRules completeness, int maxLineBytes) {

        /** The last plausible date of a run on {@code today} (Asia/Shanghai). */
        public LocalDate latestPlausibleDate(LocalDate today) {
            return today.plusYears(latestPlausibleYearsAhead);
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

    /** The keys a targets file may hold, at each level: any other is a typo, named with these. */
    static final List<String> FILE_KEYS = List.of("version", "parameters", "targets");
    static final List<String> PARAMETER_KEYS = List.of("hours_per_report", "hours_per_inspected_unit",
            "burden_shift_margin_pct", "inspection_plan_caps", "earliest_plausible_date",
            "latest_plausible_years_ahead", "personal_columns", "completeness", "max_line_bytes");
    static final List<String> COMPLETENESS_KEYS = List.of("missing_min_months", "sparse_share", "sparse_min_median",
            "quarantine_heavy_share", "min_history_months");
    static final List<String> TARGET_KEYS = List.of("name", "indicator", "direction", "threshold",
            "yoy_reduction_pct", "period_types", "divisions", "rule");

    /** Defaults of the optional parameters. */
    public static final LocalDate DEFAULT_EARLIEST_PLAUSIBLE_DATE = LocalDate.of(2000, 1, 1);
    /**
     * A line (a JSON record, or a physical line of a CSV file) longer than this many bytes is
     * quarantined as {@code line_too_long} with its length, without being held in memory: a 200 MB
     * "line" is a broken export, not a record.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    public static final int DEFAULT_LATEST_PLAUSIBLE_YEARS_AHEAD = 1;

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
        knownKeys(source, "the file", root, FILE_KEYS);
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt() || version.asInt() != VERSION) {
            throw problem(source, "\"version\" must be " + VERSION);
        }
        Parameters parameters = parameters(source, required(source, root, "parameters", "the file"));
        JsonNode list = required(source, root, "targets", "the file");
        if (!list.isArray()) {
            throw problem(source, "\"targets\" must be a list");
        }
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

    private static Parameters parameters(String source, JsonNode p) {
        String where = "parameters";
        if (!p.isObject()) {
            throw problem(source, "\"parameters\" must be an object");
        }
        knownKeys(source, where, p, PARAMETER_KEYS);
        double report = number(source, where, p, "hours_per_report", 0, 1000);
        double inspection = number(source, where, p, "hours_per_inspected_unit", 0, 1000);
        double margin = number(source, where, p, "burden_shift_margin_pct", 0, 1000);
        Map<String, Long> caps = new LinkedHashMap<>();
        JsonNode c = p.get("inspection_plan_caps");
        if (c != null) {
            if (!c.isObject()) {
                throw problem(source, "parameters: inspection_plan_caps must map division codes to numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0 || v.asLong() > 1_000_000) {
                    throw problem(source, "parameters: inspection_plan_caps." + e.getKey()
                            + " must be a whole number from 1 to 1,000,000");
                }
                caps.put(e.getKey(), v.asLong());
            }
        }
        LocalDate earliest = DEFAULT_EARLIEST_PLAUSIBLE_DATE;
        if (p.hasNonNull("earliest_plausible_date")) {
            try {
                earliest = LocalDate.parse(p.get("earliest_plausible_date").asText());
            } catch (DateTimeParseException e) {
                throw problem(source, "parameters: \"earliest_plausible_date\" must be a date like 2000-01-01");
            }
        }
        int yearsAhead = DEFAULT_LATEST_PLAUSIBLE_YEARS_AHEAD;
        if (p.hasNonNull("latest_plausible_years_ahead")) {
            JsonNode v = p.get("latest_plausible_years_ahead");
            if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > 50) {
                throw problem(source, "parameters: \"latest_plausible_years_ahead\" must be a whole number from 0 to 50");
            }
            yearsAhead = v.asInt();
        }
        List<String> names = p.has("personal_columns") ? strings(source, where, p, "personal_columns")
                : DEFAULT_PERSONAL_COLUMNS;
        if (names.stream().anyMatch(String::isBlank)) {
            throw problem(source, "parameters: \"personal_columns\" must list column names");
        }
        int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        if (p.hasNonNull("max_line_bytes")) {
            JsonNode v = p.get("max_line_bytes");
            if (!v.isIntegralNumber() || v.asLong() < 1024 || v.asLong() > (1L << 30)) {
                throw problem(source, "parameters: \"max_line_bytes\" must be a whole number of bytes from 1024 to "
                        + (1L << 30));
            }
            maxLineBytes = v.asInt();
        }
        return new Parameters(report, inspection, margin, caps, earliest, yearsAhead, List.copyOf(names),
                completeness(source, p.get("completeness")), maxLineBytes);
    }

    private static CompletenessRules completeness(String source, JsonNode c) {
        CompletenessRules d = CompletenessRules.DEFAULTS;
        if (c == null || c.isNull()) {
            return d;
        }
        String where = "parameters: completeness";
        if (!c.isObject()) {
            throw problem(source, where + " must be an object");
        }
        knownKeys(source, where, c, COMPLETENESS_KEYS);
        return new CompletenessRules(
                c.has("missing_min_months") ? (int) wholeNumber(source, where, c, "missing_min_months", 1, 12)
                        : d.missingMinMonths(),
                c.has("sparse_share") ? number(source, where, c, "sparse_share", 0, 1) : d.sparseShare(),
                c.has("sparse_min_median") ? number(source, where, c, "sparse_min_median", 0, 1_000_000)
                        : d.sparseMinMedian(),
                c.has("quarantine_heavy_share") ? number(source, where, c, "quarantine_heavy_share", 0, 1)
                        : d.quarantineHeavyShare(),
                c.has("min_history_months") ? (int) wholeNumber(source, where, c, "min_history_months", 0, 12)
                        : d.minHistoryMonths());
    }

    private static double wholeNumber(String source, String where, JsonNode node, String field, int min, int max) {
        double v = number(source, where, node, field, min, max);
        if (v != Math.rint(v)) {
            throw problem(source, where + ": \"" + field + "\" must be a whole number from " + min + " to " + max);
        }
        return v;
    }

    /** An unknown key is a typo: the error names it and the keys there are. */
    private static void knownKeys(String source, String where, JsonNode node, List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw problem(source, where + ": unknown key \"" + key + "\" (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static Target target(String source, int n, JsonNode t, Targetable indicators) {
        if (t == null || !t.isObject()) {
            throw problem(source, "target " + n + " must be an object");
        }
        JsonNode nameNode = t.get("name");
        String name = nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank() ? null : nameNode.asText();
        String where = "target " + n + (name == null ? "" : " (" + name + ")");
        if (name == null) {
            throw problem(source, where + ": \"name\" is missing");
        }
        knownKeys(source, where, t, TARGET_KEYS);
        String indicator = text(source, where, t, "indicator");
        if (!indicators.names().contains(indicator)) {
            throw problem(source, where + ": unknown indicator \"" + indicator + "\"");
        }
        boolean hasPrevious = indicators.withPreviousYear().contains(indicator);
        String direction = text(source, where, t, "direction");
        if (!direction.equals("at_most") && !direction.equals("at_least")) {
            throw problem(source, where + ": direction must be at_most or at_least, not \"" + direction + "\"");
        }
        Double threshold = optionalNumber(source, where, t, "threshold");
        Double reduction = optionalNumber(source, where, t, "yoy_reduction_pct");
        if ((threshold == null) == (reduction == null)) {
            throw problem(source, where + ": give exactly one of threshold and yoy_reduction_pct");
        }
        if (reduction != null && (reduction < -1000 || reduction > 100)) {
            throw problem(source, where + ": yoy_reduction_pct must be from -1000 to 100 (percent)");
        }
        if (reduction != null && !hasPrevious) {
            throw problem(source, where + ": yoy_reduction_pct needs an indicator with a previous-year value, not \""
                    + indicator + "\"");
        }
        List<String> periodTypes = strings(source, where, t, "period_types");
        for (String pt : periodTypes) {
            if (!Period.TYPES.contains(pt)) {
                throw problem(source, where + ": unknown period type \"" + pt + "\"");
            }
        }
        if (periodTypes.isEmpty()) {
            periodTypes = Period.TYPES;
        }
        String rule = t.hasNonNull("rule") ? t.get("rule").asText() : "";
        return new Target(name, indicator, direction, threshold, reduction, periodTypes,
                strings(source, where, t, "divisions"), rule);
    }

    private static JsonNode required(String source, JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw problem(source, where + ": \"" + field + "\" is missing");
        }
        return v;
    }

    private static String text(String source, String where, JsonNode node, String field) {
        JsonNode v = required(source, node, field, where);
        if (!v.isTextual()) {
            throw problem(source, where + ": \"" + field + "\" must be text");
        }
        return v.asText();
    }

    private static double number(String source, String where, JsonNode node, String field, double min, double max) {
        JsonNode v = required(source, node, field, where);
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            throw problem(source, where + ": \"" + field + "\" must be a number from " + plain(min) + " to " + plain(max));
        }
        return v.asDouble();
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static Double optionalNumber(String source, String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw problem(source, where + ": \"" + field + "\" must be a finite number");
        }
        return v.asDouble();
    }

    private static List<String> strings(String source, String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw problem(source, where + ": \"" + field + "\" must be a list of text");
        }
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                throw problem(source, where + ": \"" + field + "\" must be a list of text");
            }
            out.add(x.asText());
        }
        return out;
    }

    private static InputProblem problem(String source, String what) {
        return new InputProblem("targets file " + source + ": " + what);
    }
}
