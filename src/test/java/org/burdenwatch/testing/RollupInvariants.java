package org.burdenwatch.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.records.TargetsFile;

/**
 * The invariants every indicator table must hold, stated column by column, without the pipeline's
 * code: every column is in exactly one class below, and a column in none fails
 * ({@link #unclassified}), so a new indicator cannot be added without saying how it rolls up.
 *
 * <ul>
 * <li><b>additive</b> (counts, exact; hours, within their rounding): a prefecture's value, and its
 * year-before value, is the sum of its counties' plus its own organs' (the same table computed from
 * the prefecture organs' records alone);</li>
 * <li><b>change</b>: X_change_pct is (X − X_prev) / X_prev × 100 of the row's own X and X_prev;</li>
 * <li><b>ratio</b>: a rate or share is the ratio of the row's own sums, never a sum of ratios;</li>
 * <li><b>structure</b>: townships and cadres of a prefecture are its counties' (no tree here gives a
 * prefecture a cadre figure of its own);</li>
 * <li><b>flag</b>: burden_shifted recomputed from the row by its documented rule;</li>
 * <li><b>state</b>: the division's own, not rolled up (its plan cap, its 平时分, its targets missed,
 * its records' completeness): not checked across levels.</li>
 * </ul>
 */
public final class RollupInvariants {
    private RollupInvariants() {
    }

    public static final List<String> IDENTITY = List.of("division_code", "division_name", "level", "parent_code",
            "county_code", "period_type", "period", "period_start", "period_end", "period_complete");
    /** Counts summed exactly (each with _prev, additive too, and _change_pct, a change). */
    public static final List<String> ADDITIVE_COUNTS = List.of("documents_issued", "documents_requiring_report",
            "township_reports_demanded", "meetings_held", "platforms_active", "platforms_active_app",
            "platforms_active_public_account", "platforms_active_work_group", "platforms_active_mini_program",
            "platforms_retired", "platforms_with_banned_features", "platforms_dormant", "apps_owned_below_county",
            "documents_over_length", "meetings_over_half_day", "tasks_pushed", "task_recipient_minutes",
            "tasks_after_hours", "tasks_short_deadline", "tasks_checkin_or_photo", "inspections_total",
            "inspections_outside_plan", "inspections_unapproved", "units_inspected", "research_visits",
            "visits_solving_problems", "problems_solved", "unannounced_visits", "late_records");
    /** Sums published in hours, rounded to 2 decimals. */
    public static final List<String> ADDITIVE_HOURS = List.of("meeting_hours", "grassroots_attendee_hours",
            "burden_hours");
    /** Ratios of the row's own sums: numerator, its divisor, denominator, decimals. */
    public static final List<String> RATIOS = List.of("tasks_per_cadre", "task_hours_per_cadre",
            "visits_solving_problems_share", "problems_solved_per_visit", "unannounced_visit_share",
            "inspection_plan_cap_use", "burden_hours_per_cadre", "burden_hours_per_cadre_prev",
            "burden_hours_per_cadre_change_pct", "burden_share_meetings", "burden_share_tasks",
            "burden_share_documents", "burden_share_inspections");
    public static final List<String> STRUCTURE = List.of("townships", "grassroots_cadres");
    public static final List<String> FLAGS = List.of("burden_shifted");
    public static final List<String> STATES = List.of("inspection_plan_cap", "routine_score_share", "targets_missed",
            "base_revised_up",
            "data_complete", "data_gaps", "documents_months_complete", "documents_months_in_period",
            "meetings_months_complete", "meetings_months_in_period", "platform_tasks_months_complete",
            "platform_tasks_months_in_period", "inspections_months_complete", "inspections_months_in_period",
            "research_visits_months_complete", "research_visits_months_in_period");

    private static final double HOURS_RADIUS = 0.005; // a value rounded half-up to 2 decimals

    /** The columns of a table that no class names. */
    public static List<String> unclassified(String[] columns) {
        Set<String> known = new TreeSet<>();
        known.addAll(IDENTITY);
        known.addAll(RATIOS);
        known.addAll(STRUCTURE);
        known.addAll(FLAGS);
        known.addAll(STATES);
        for (String x : additive()) {
            known.add(x);
            known.add(x + "_prev");
            known.add(x + "_change_pct");
        }
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            if (!known.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<String> additive() {
        List<String> all = new ArrayList<>(ADDITIVE_COUNTS);
        all.addAll(ADDITIVE_HOURS);
        return all;
    }

    /** A row as a map from column to value. */
    private static Map<String, Object> values(Row r) {
        Map<String, Object> m = new HashMap<>();
        String[] names = r.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], r.get(i));
        }
        return m;
    }

    private static Double d(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    /**
     * Every violation in a county table: the roll-up of each prefecture's rows against its counties'
     * and {@code own} (the same table computed from the prefecture organs' records alone; only its
     * prefecture rows are read), and the row-internal rules of every row.
     */
    public static List<String> violations(Dataset<Row> county, Dataset<Row> own, TargetsFile.Parameters p) {
        List<String> out = new ArrayList<>(unclassified(county.columns()).stream()
                .map(c -> c + ": a column in no class of RollupInvariants").toList());
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> countiesOf = new HashMap<>();
        for (Row r : county.collectAsList()) {
            Map<String, Object> m = values(r);
            byKey.put(m.get("division_code") + "|" + m.get("period"), m);
            if ("county".equals(m.get("level")) && m.get("parent_code") != null) {
                countiesOf.computeIfAbsent(m.get("parent_code") + "|" + m.get("period"), k -> new ArrayList<>()).add(m);
            }
        }
        Map<String, Map<String, Object>> ownByKey = new HashMap<>();
        for (Row r : own.filter("level = 'prefecture'").collectAsList()) {
            Map<String, Object> m = values(r);
            ownByKey.put(m.get("division_code") + "|" + m.get("period"), m);
        }
        for (Map.Entry<String, Map<String, Object>> e : byKey.entrySet()) {
            Map<String, Object> row = e.getValue();
            rowRules(e.getKey(), row, p, out);
            if ("prefecture".equals(row.get("level"))) {
                Map<String, Object> organs = ownByKey.get(e.getKey());
                if (organs == null) {
                    out.add(e.getKey() + ": no row of the prefecture organs' own table");
                    continue;
                }
                rollup(e.getKey(), row, countiesOf.getOrDefault(e.getKey(), List.of()), organs, out);
            }
        }
        return out.size() > 30 ? out.subList(0, 30) : out;
    }

    /** The row-internal rules of a township table's rows (ratios, changes, flags): no roll-up. */
    public static List<String> rowViolations(Dataset<Row> table, TargetsFile.Parameters p) {
        List<String> out = new ArrayList<>(unclassified(table.columns()).stream()
                .map(c -> c + ": a column in no class of RollupInvariants").toList());
        for (Row r : table.collectAsList()) {
            Map<String, Object> m = values(r);
            rowRules(m.get("division_code") + "|" + m.get("period"), m, p, out);
        }
        return out.size() > 30 ? out.subList(0, 30) : out;
    }

    private static void rollup(String key, Map<String, Object> prefecture, List<Map<String, Object>> counties,
                               Map<String, Object> organs, List<String> out) {
        for (String x : additive()) {
            if (!prefecture.containsKey(x)) {
                continue;
            }
            boolean hours = ADDITIVE_HOURS.contains(x);
            for (String c : List.of(x, x + "_prev")) {
                Double value = d(prefecture, c);
                Double own = d(organs, c);
                if (value == null) {
                    if (own != null || counties.stream().anyMatch(m -> m.get(c) != null)) {
                        out.add(key + " " + c + ": null, while its parts are not");
                    }
                    continue;
                }
                double sum = own == null ? Double.NaN : own;
                for (Map<String, Object> m : counties) {
                    Double v = d(m, c);
                    sum += v == null ? Double.NaN : v;
                }
                double slack = hours ? HOURS_RADIUS * (counties.size() + 2) + 1e-9 : 0;
                if (!(Math.abs(value - sum) <= slack)) {
                    out.add(key + " " + c + ": " + value + ", its counties' " + (sum - (own == null ? 0 : own))
                            + " plus its own organs' " + own + " = " + sum);
                }
            }
        }
        for (String s : STRUCTURE) {
            if (!prefecture.containsKey(s) || counties.isEmpty()) {
                continue;
            }
            // a division with no figure has none (null): the sum of those that have one, null when none has
            Double sum = null;
            for (Map<String, Object> m : counties) {
                Double v = d(m, s);
                if (v != null) {
                    sum = (sum == null ? 0.0 : sum) + v;
                }
            }
            Double value = d(prefecture, s);
            if (!java.util.Objects.equals(value, sum)) {
                out.add(key + " " + s + ": " + value + ", its counties' " + sum);
            }
        }
    }

    /** The interval [lo, hi] a published value stands for. */
    private record Range(double lo, double hi) {
        static Range of(Double v, double radius) {
            return v == null ? null : new Range(v - radius, v + radius);
        }

        Range plus(Range o) {
            return new Range(lo + o.lo, hi + o.hi);
        }

        Range times(double k) {
            return new Range(lo * k, hi * k);
        }

        boolean holds(double published, double slack) {
            return published >= lo - slack && published <= hi + slack;
        }
    }

    private static void rowRules(String key, Map<String, Object> row, TargetsFile.Parameters p, List<String> out) {
        // year-on-year of every sum, from the row's own value and base
        for (String x : additive()) {
            if (row.containsKey(x + "_change_pct")) {
                change(key, x + "_change_pct", row, x, x + "_prev", ADDITIVE_HOURS.contains(x) ? HOURS_RADIUS : 0, out);
            }
        }
        Double cadres = d(row, "grassroots_cadres");
        ratio(key, row, "tasks_per_cadre", Range.of(d(row, "tasks_pushed"), 0), cadres, 2, out);
        Double minutes = d(row, "task_recipient_minutes");
        ratio(key, row, "task_hours_per_cadre", minutes == null ? null : Range.of(minutes / 60.0, 0), cadres, 2, out);
        Double visits = d(row, "research_visits");
        ratio(key, row, "visits_solving_problems_share", Range.of(d(row, "visits_solving_problems"), 0), visits, 4, out);
        ratio(key, row, "problems_solved_per_visit", Range.of(d(row, "problems_solved"), 0), visits, 2, out);
        ratio(key, row, "unannounced_visit_share", Range.of(d(row, "unannounced_visits"), 0), visits, 4, out);
        if (row.containsKey("inspection_plan_cap_use")) {
            ratio(key, row, "inspection_plan_cap_use", Range.of(d(row, "inspections_total"), 0),
                    d(row, "inspection_plan_cap"), 4, out);
        }
        ratio(key, row, "burden_hours_per_cadre", Range.of(d(row, "burden_hours"), HOURS_RADIUS), cadres, 2, out);
        ratio(key, row, "burden_hours_per_cadre_prev", Range.of(d(row, "burden_hours_prev"), HOURS_RADIUS), cadres, 2,
                out);
        if (cadres != null && cadres > 0) { // the per-cadre change is the burden's (the cadres are the same)
            change(key, "burden_hours_per_cadre_change_pct", row, "burden_hours", "burden_hours_prev", HOURS_RADIUS, out);
        }
        burden(key, row, p, out);
        shifted(key, row, p.burdenShiftMarginPct(), out);
    }

    private static void ratio(String key, Map<String, Object> row, String column, Range numerator, Double denominator,
                              int decimals, List<String> out) {
        if (!row.containsKey(column)) {
            return;
        }
        Double published = d(row, column);
        if (numerator == null || denominator == null || denominator <= 0) {
            if (published != null) {
                out.add(key + " " + column + ": " + published + " where the ratio has no denominator or numerator");
            }
            return;
        }
        Range expected = new Range(numerator.lo / denominator, numerator.hi / denominator);
        if (published == null || !expected.holds(published, 0.5 * Math.pow(10, -decimals) + 1e-9)) {
            out.add(key + " " + column + ": " + published + ", the row's ratio is " + expected);
        }
    }

    /** (x − prev) / prev × 100 over the values' ranges, to 1 decimal; null on a null or zero base. */
    private static void change(String key, String column, Map<String, Object> row, String x, String prev,
                               double radius, List<String> out) {
        Double published = d(row, column);
        Double cur = d(row, x);
        Double base = d(row, prev);
        if (cur == null || base == null || base == 0) {
            if (published != null && !(radius > 0 && base != null && base == 0)) {
                out.add(key + " " + column + ": " + published + " on a null or zero base");
            }
            return;
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (double c : new double[] {cur - radius, cur + radius}) {
            for (double b : new double[] {base - radius, base + radius}) {
                if (b > 0) {
                    double v = (c - b) / b * 100;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (radius == 0) { // whole numbers: the exact half-up rounding
            double exact = new BigDecimal(cur - base).multiply(BigDecimal.valueOf(100))
                    .divide(new BigDecimal(base), 1, java.math.RoundingMode.HALF_UP).doubleValue();
            if (published == null || published != exact) {
                out.add(key + " " + column + ": " + published + ", (" + cur + " − " + base + ") / " + base + " = "
                        + exact);
            }
            return;
        }
        if (published == null || !new Range(lo, hi).holds(published, 0.05 + 1e-9)) {
            out.add(key + " " + column + ": " + published + ", the row's change is in [" + lo + ", " + hi + "]");
        }
    }

    /** burden_hours and its shares from the row's own sums, by the Standard Cost Model of the README. */
    private static void burden(String key, Map<String, Object> row, TargetsFile.Parameters p, List<String> out) {
        Double burden = d(row, "burden_hours");
        Range meetings = Range.of(d(row, "grassroots_attendee_hours"), HOURS_RADIUS);
        Double minutes = d(row, "task_recipient_minutes");
        Range tasks = minutes == null ? null : Range.of(minutes / 60.0, 0);
        Range documents = Range.of(d(row, "township_reports_demanded"), 0);
        documents = documents == null ? null : documents.times(p.hoursPerReport());
        Range inspections = Range.of(d(row, "units_inspected"), 0);
        inspections = inspections == null ? null : inspections.times(p.hoursPerInspectedUnit());
        List<Range> parts = new ArrayList<>();
        for (Range r : new Range[] {meetings, tasks, documents, inspections}) {
            parts.add(r == null ? new Range(0, 0) : r);
        }
        boolean any = meetings != null || tasks != null || documents != null || inspections != null;
        if (!any) {
            if (burden != null) {
                out.add(key + " burden_hours: " + burden + " without any component");
            }
            return;
        }
        Range total = parts.get(0).plus(parts.get(1)).plus(parts.get(2)).plus(parts.get(3));
        if (burden == null || !total.holds(burden, HOURS_RADIUS + 1e-9)) {
            out.add(key + " burden_hours: " + burden + ", its components give " + total);
            return;
        }
        String[] shares = {"burden_share_meetings", "burden_share_tasks", "burden_share_documents",
            "burden_share_inspections"};
        for (int i = 0; i < shares.length; i++) {
            if (!row.containsKey(shares[i])) {
                continue;
            }
            Double published = d(row, shares[i]);
            Range part = parts.get(i);
            Range rest = new Range(total.lo - part.lo, total.hi - part.hi);
            if (total.hi <= 0 || burden == 0) { // no burden: no share (a published 0.0 may hide a few seconds)
                if (published != null && total.hi <= 0) {
                    out.add(key + " " + shares[i] + ": " + published + " of no burden");
                }
                continue;
            }
            double lo = part.lo + rest.hi <= 0 ? 0 : Math.max(0, part.lo) / (Math.max(0, part.lo) + rest.hi);
            double hi = part.hi + rest.lo <= 0 ? 1 : part.hi / (part.hi + Math.max(0, rest.lo));
            if (published == null || !new Range(lo, hi).holds(published, 0.00005 + 1e-9)) {
                out.add(key + " " + shares[i] + ": " + published + ", the row's share is in [" + lo + ", " + hi + "]");
            }
        }
    }

    /** Documents and meetings fell while tasks or task minutes rose by more than the margin. */
    private static void shifted(String key, Map<String, Object> row, double marginPct, List<String> out) {
        if (!row.containsKey("burden_shifted")) {
            return;
        }
        Object published = row.get("burden_shifted");
        Double docs = d(row, "documents_issued");
        Double docsPrev = d(row, "documents_issued_prev");
        Double meetings = d(row, "meetings_held");
        Double meetingsPrev = d(row, "meetings_held_prev");
        Boolean expected;
        if (docsPrev == null || meetingsPrev == null) {
            expected = null;
        } else if (!(docs < docsPrev && meetings < meetingsPrev)) {
            expected = false;
        } else {
            Double tasks = d(row, "tasks_pushed");
            Double tasksPrev = d(row, "tasks_pushed_prev");
            Double minutes = d(row, "task_recipient_minutes");
            Double minutesPrev = d(row, "task_recipient_minutes_prev");
            double factor = 1 + marginPct / 100.0;
            if (tasksPrev == null && minutesPrev == null) {
                expected = null;
            } else {
                expected = (tasksPrev != null && tasks != null && tasks > tasksPrev * factor)
                        || (minutesPrev != null && minutes != null && minutes > minutesPrev * factor);
            }
        }
        if (expected == null ? published != null : !expected.equals(published)) {
            out.add(key + " burden_shifted: " + published + ", the rule gives " + expected);
        }
    }
}
