package org.burdenwatch.targets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.burdenwatch.input.InputProblem;

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
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The burden model's time parameters (Standard Cost Model: time × quantity). */
    public record Parameters(double hoursPerReport, double hoursPerInspectedUnit, double burdenShiftMarginPct,
                             Map<String, Long> inspectionPlanCaps) {
    }

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

    /** The shipped defaults. */
    public static TargetsFile defaults(Set<String> indicators) {
        try (InputStream in = TargetsFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse("(built-in) " + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    indicators);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in targets", e);
        }
    }

    /** Reads a targets file through Hadoop's FileSystem (local, HDFS, …). */
    public static TargetsFile load(Configuration conf, String path, Set<String> indicators) {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8), indicators);
        } catch (java.io.FileNotFoundException e) {
            throw new InputProblem("targets file not found: " + path);
        } catch (IOException e) {
            throw new InputProblem("cannot read targets file " + path + ": " + e.getMessage());
        }
    }

    /** Parses and checks a targets file; every problem is an InputProblem naming file and entry. */
    public static TargetsFile parse(String source, String json, Set<String> indicators) {
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
        double report = positive(source, where, p, "hours_per_report");
        double inspection = positive(source, where, p, "hours_per_inspected_unit");
        double margin = positive(source, where, p, "burden_shift_margin_pct");
        Map<String, Long> caps = new LinkedHashMap<>();
        JsonNode c = p.get("inspection_plan_caps");
        if (c != null) {
            if (!c.isObject()) {
                throw problem(source, "parameters: inspection_plan_caps must map division codes to numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = c.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() <= 0) {
                    throw problem(source, "parameters: inspection_plan_caps." + e.getKey() + " must be a whole number above 0");
                }
                caps.put(e.getKey(), e.getValue().asLong());
            }
        }
        return new Parameters(report, inspection, margin, caps);
    }

    private static Target target(String source, int n, JsonNode t, Set<String> indicators) {
        if (t == null || !t.isObject()) {
            throw problem(source, "target " + n + " must be an object");
        }
        JsonNode nameNode = t.get("name");
        String name = nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank() ? null : nameNode.asText();
        String where = "target " + n + (name == null ? "" : " (" + name + ")");
        if (name == null) {
            throw problem(source, where + ": \"name\" is missing");
        }
        String indicator = text(source, where, t, "indicator");
        if (!indicators.contains(indicator)) {
            throw problem(source, where + ": unknown indicator \"" + indicator + "\"");
        }
        boolean hasPrevious = org.burdenwatch.indicators.Indicators.withYearOnYear().stream()
                .anyMatch(i -> i.name().equals(indicator));
        String direction = text(source, where, t, "direction");
        if (!direction.equals("at_most") && !direction.equals("at_least")) {
            throw problem(source, where + ": direction must be at_most or at_least, not \"" + direction + "\"");
        }
        Double threshold = optionalNumber(source, where, t, "threshold");
        Double reduction = optionalNumber(source, where, t, "yoy_reduction_pct");
        if ((threshold == null) == (reduction == null)) {
            throw problem(source, where + ": give exactly one of threshold and yoy_reduction_pct");
        }
        if (reduction != null && !hasPrevious) {
            throw problem(source, where + ": yoy_reduction_pct needs an indicator with a previous-year value, not \""
                    + indicator + "\"");
        }
        List<String> periodTypes = strings(source, where, t, "period_types");
        for (String pt : periodTypes) {
            if (!org.burdenwatch.indicators.Period.TYPES.contains(pt)) {
                throw problem(source, where + ": unknown period type \"" + pt + "\"");
            }
        }
        if (periodTypes.isEmpty()) {
            periodTypes = org.burdenwatch.indicators.Period.TYPES;
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

    private static double positive(String source, String where, JsonNode node, String field) {
        JsonNode v = required(source, node, field, where);
        if (!v.isNumber() || v.asDouble() < 0) {
            throw problem(source, where + ": \"" + field + "\" must be a number ≥ 0");
        }
        return v.asDouble();
    }

    private static Double optionalNumber(String source, String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw problem(source, where + ": \"" + field + "\" must be a number");
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
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static InputProblem problem(String source, String what) {
        return new InputProblem("targets file " + source + ": " + what);
    }
}
