package org.burdenwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The indicator tables written a second time, in DuckDB SQL, from the README's and the data
 * dictionary's rules and nothing of the pipeline's code: every column of indicators/county and
 * indicators/township but the completeness columns and targets_missed ({@link #NOT_COMPUTED}).
 * Its input is one view per record type of the accepted records ({@code c_documents},
 * {@code c_meetings}, …, and {@code divisions}), made either by the fair reference from the raw
 * files ({@link FairDuckDbReference}) or from a pipeline output's clean tables
 * ({@link #fromClean}); a type without a view was not supplied.
 *
 * <p>Each county's records count in its own row and, when it has one, its prefecture's; a
 * prefecture's own organs' in its row only. Document reporting is summed per issuing division
 * (documents requiring a report × the townships that division reaches) before any roll-up.
 */
public final class ReferenceIndicators {
    private ReferenceIndicators() {
    }

    /**
     * County-table columns this reference leaves to other checks ({@link ReferenceChecks}): the records'
     * completeness, the targets, and what the output's history says (late records, revised bases).
     */
    public static final List<String> NOT_COMPUTED = List.of("documents_months_complete", "documents_months_in_period",
            "meetings_months_complete", "meetings_months_in_period", "platform_tasks_months_complete",
            "platform_tasks_months_in_period", "inspections_months_complete", "inspections_months_in_period",
            "research_visits_months_complete", "research_visits_months_in_period", "data_complete", "data_gaps",
            "targets_missed", "late_records", "base_revised_up");

    /** The burden model's parameters (targets file). */
    public record Parameters(double hoursPerReport, double hoursPerInspectedUnit, double burdenShiftMarginPct,
                             Map<String, Long> inspectionPlanCaps) {
        /** The shipped defaults (src/main/resources/.../targets.json). */
        public static Parameters defaults() {
            return new Parameters(2.0, 4.0, 10.0, Map.of("533401", 50L));
        }
    }

    /** One summed indicator: its source view, the SQL aggregate over that view's rows, and its unit. */
    private record Sum(String name, String source, String aggregate, boolean hours, boolean state, boolean township) {
    }

    private static final String ACTIVE = "launched_on <= last_day(month) AND (retired_on IS NULL OR last_day(month) < retired_on)";

    private static final List<Sum> SUMS = List.of(
            new Sum("documents_issued", "documents", "count(*)", false, false, false),
            new Sum("documents_requiring_report", "documents",
                    "count(*) FILTER (WHERE coalesce(requires_grassroots_report, false))", false, false, false),
            new Sum("meetings_held", "meetings", "count(*)", false, false, true),
            new Sum("meeting_hours", "meetings", "sum(duration_minutes)", true, false, true),
            new Sum("grassroots_attendee_hours", "meetings", "sum(duration_minutes * coalesce(grassroots_attendees, 0))",
                    true, false, true),
            new Sum("platforms_active", "platforms", "count(*) FILTER (WHERE " + ACTIVE + ")", false, true, true),
            new Sum("platforms_active_app", "platforms", "count(*) FILTER (WHERE " + ACTIVE + " AND kind = 'app')",
                    false, true, true),
            new Sum("platforms_active_public_account", "platforms",
                    "count(*) FILTER (WHERE " + ACTIVE + " AND kind = 'public_account')", false, true, true),
            new Sum("platforms_active_work_group", "platforms",
                    "count(*) FILTER (WHERE " + ACTIVE + " AND kind = 'work_group')", false, true, true),
            new Sum("platforms_active_mini_program", "platforms",
                    "count(*) FILTER (WHERE " + ACTIVE + " AND kind = 'mini_program')", false, true, true),
            new Sum("platforms_retired", "platforms",
                    "count(*) FILTER (WHERE retired_on BETWEEN month AND last_day(month))", false, false, true),
            new Sum("platforms_with_banned_features", "platforms", "count(*) FILTER (WHERE " + ACTIVE
                    + " AND list_has_any(features, ['checkin', 'ranking', 'points', 'online_time', 'forced_download']))",
                    false, true, true),
            new Sum("platforms_dormant", "platforms",
                    "count(*) FILTER (WHERE " + ACTIVE + " AND last_active_on <= last_day(month) - 90)", false, true, true),
            new Sum("apps_owned_below_county", "platforms",
                    "count(*) FILTER (WHERE " + ACTIVE + " AND kind = 'app' AND owner_level = 'township')", false, true,
                    true),
            new Sum("documents_over_length", "documents", "count(*) FILTER (WHERE scope <> 'comprehensive' AND "
                    + "characters > CASE WHEN scope = 'special' THEN 4000 ELSE 5000 END)", false, false, false),
            new Sum("meetings_over_half_day", "meetings", "count(*) FILTER (WHERE duration_minutes > 240)", false, false,
                    true),
            new Sum("tasks_pushed", "platform_tasks", "count(*)", false, false, true),
            new Sum("task_recipient_minutes", "platform_tasks", "sum(recipients * coalesce(expected_minutes, 0))", false,
                    false, true),
            new Sum("tasks_after_hours", "platform_tasks", "count(*) FILTER (WHERE local_time < '08:30:00' OR "
                    + "local_time > '18:00:00' OR isodow(day) IN (6, 7))", false, false, true),
            new Sum("tasks_short_deadline", "platform_tasks", "count(*) FILTER (WHERE deadline_hours < 24)", false,
                    false, true),
            new Sum("tasks_checkin_or_photo", "platform_tasks",
                    "count(*) FILTER (WHERE kind IN ('checkin', 'photo_proof'))", false, false, true),
            new Sum("inspections_total", "inspections", "count(*)", false, false, false),
            new Sum("inspections_outside_plan", "inspections", "count(*) FILTER (WHERE in_annual_plan = false)", false,
                    false, false),
            new Sum("inspections_unapproved", "inspections", "count(*) FILTER (WHERE approved = false)", false, false,
                    false),
            new Sum("units_inspected", "inspections", "sum(coalesce(units_inspected, 0))", false, false, false),
            new Sum("research_visits", "research_visits", "count(*)", false, false, true),
            new Sum("visits_solving_problems", "research_visits", "count(*) FILTER (WHERE problems_solved >= 1)", false,
                    false, true),
            new Sum("problems_solved", "research_visits", "sum(problems_solved)", false, false, true),
            new Sum("unannounced_visits", "research_visits", "count(*) FILTER (WHERE unannounced = true)", false, false,
                    true),
            // not a record's measure: the documents' reports × the townships their division reaches, per record county
            new Sum("township_reports_demanded", "documents", null, false, false, false));

    private static final List<String> SOURCES = List.of("documents", "meetings", "platforms", "platform_tasks",
            "inspections", "research_visits");

    /**
     * Views of a pipeline output's clean tables in the reference's terms; the event day and
     * Asia/Shanghai time of a task recomputed from its instant (UTC + 8 h: no daylight saving since 1991).
     */
    public static Set<String> fromClean(Statement s, Path pipelineOutput) throws SQLException {
        Map<String, String> views = new LinkedHashMap<>();
        views.put("documents", "SELECT county_code, NULL::VARCHAR AS township_code, issued_on AS day, "
                + "requires_grassroots_report, scope, characters FROM %s");
        views.put("meetings", "SELECT county_code, township_code, (make_timestamp(epoch_us(started_at) + 28800000000))"
                + "::DATE AS day, duration_minutes, grassroots_attendees FROM %s");
        views.put("platform_tasks", "SELECT county_code, township_code, t::DATE AS day, strftime(t, '%%H:%%M:%%S') AS "
                + "local_time, kind, recipients, expected_minutes, deadline_hours FROM (SELECT *, "
                + "make_timestamp(epoch_us(pushed_at) + 28800000000) AS t FROM %s)");
        views.put("platforms", "SELECT county_code, township_code, kind, owner_level, launched_on, retired_on, "
                + "last_active_on, features FROM %s");
        views.put("inspections", "SELECT county_code, NULL::VARCHAR AS township_code, started_on AS day, in_annual_plan, "
                + "approved, units_inspected FROM %s");
        views.put("research_visits", "SELECT county_code, township_code, visited_on AS day, problems_solved, "
                + "unannounced FROM %s");
        views.put("assessments", "SELECT county_code, year, routine_score_share FROM %s");
        views.put("reported_figures", "SELECT county_code, period, indicator, reported_value, reported_prev_value, "
                + "reported_change_pct, direction, source_file, source_line FROM %s");
        FairDuckDbReference.timed(s, "CREATE TABLE divisions AS SELECT code, name, level, parent_code, grassroots_cadres FROM "
                + parquet(pipelineOutput, "divisions"));
        Set<String> supplied = new TreeSet<>();
        for (Map.Entry<String, String> v : views.entrySet()) {
            if (Files.isDirectory(pipelineOutput.resolve("clean").resolve(v.getKey()))) {
                FairDuckDbReference.timed(s, "CREATE VIEW c_" + v.getKey() + " AS " + String.format(Locale.ROOT, v.getValue(),
                        parquet(pipelineOutput, v.getKey())));
                supplied.add(v.getKey());
            }
        }
        return supplied;
    }

    private static String parquet(Path output, String type) {
        return "read_parquet('" + output.resolve("clean").resolve(type) + "/**/*.parquet', hive_partitioning = false)";
    }

    /**
     * Writes {@code county/} and {@code township/} under {@code output} (Parquet partitioned by
     * period_type) from the views {@code c_<type>} of the {@code supplied} types and the table
     * {@code divisions}.
     */
    public static void write(Statement s, Path output, Set<String> supplied, Parameters p) throws SQLException {
        // the months documents and meetings cover; every period overlapping them, with its year before
        List<String> covering = new ArrayList<>();
        for (String t : List.of("documents", "meetings")) {
            if (supplied.contains(t)) {
                covering.add("SELECT day FROM c_" + t);
            }
        }
        FairDuckDbReference.timed(s, "CREATE TABLE covered AS SELECT date_trunc('month', min(day))::DATE AS first_month, "
                + "date_trunc('month', max(day))::DATE AS last_month FROM (" + String.join(" UNION ALL ", covering) + ")");
        FairDuckDbReference.timed(s, "CREATE TABLE months AS SELECT m::DATE AS month FROM covered, range("
                + "make_date(year(first_month), 1, 1), make_date(year(last_month), 12, 1) + INTERVAL 1 MONTH, "
                + "INTERVAL 1 MONTH) AS t(m)");
        FairDuckDbReference.timed(s, "CREATE TABLE month_periods AS SELECT month, unnest([struct_pack(t := 'month', "
                + "p := strftime(month, '%Y-%m'), last := true), struct_pack(t := 'quarter', "
                + "p := year(month) || '-Q' || quarter(month), last := month(month) % 3 = 0), "
                + "struct_pack(t := 'half', p := year(month) || CASE WHEN month(month) <= 6 THEN '-H1' ELSE '-H2' END, "
                + "last := month(month) % 6 = 0), struct_pack(t := 'year', p := year(month)::VARCHAR, "
                + "last := month(month) = 12)]) AS x FROM months");
        FairDuckDbReference.timed(s, "CREATE TABLE periods AS SELECT x.t AS period_type, x.p AS period, min(month) AS period_start, "
                + "last_day(max(month)) AS period_end, bool_and(month BETWEEN (SELECT first_month FROM covered) AND "
                + "(SELECT last_month FROM covered)) AS period_complete, CASE x.t WHEN 'year' THEN "
                + "(x.p::INT - 1)::VARCHAR ELSE (substr(x.p, 1, 4)::INT - 1)::VARCHAR || substr(x.p, 5) END "
                + "AS prev_period FROM month_periods GROUP BY ALL");

        // the facts: one row per source, county, township and month (platforms: their state at each month's end)
        List<String> facts = new ArrayList<>();
        for (String source : SOURCES) {
            if (!supplied.contains(source)) {
                continue;
            }
            StringBuilder aggregates = new StringBuilder();
            for (Sum x : SUMS) {
                if (x.source().equals(source) && x.aggregate() != null) {
                    aggregates.append(", ").append(x.aggregate()).append(" AS ").append(x.name());
                }
            }
            boolean state = source.equals("platforms");
            FairDuckDbReference.timed(s, "CREATE TABLE facts_" + source + " AS SELECT county_code, township_code, "
                    + (state ? "month" : "date_trunc('month', day)::DATE AS month") + aggregates + " FROM c_" + source
                    + (state ? ", months" : "") + " GROUP BY ALL");
            facts.add("SELECT * FROM facts_" + source);
        }
        FairDuckDbReference.timed(s, "CREATE TABLE facts AS " + String.join(" UNION ALL BY NAME ", facts));
        for (Sum x : SUMS) { // columns of sources not supplied
            if (!supplied.contains(x.source()) && x.aggregate() != null) {
                FairDuckDbReference.timed(s, "ALTER TABLE facts ADD COLUMN " + x.name() + " BIGINT");
            }
        }
        // townships a division reaches, and its grassroots cadres (its own figure, else its children's)
        // (by joins on the parent code: the same counts as correlated subqueries, which DuckDB ran as a
        // 40,132 × 40,132 loop on the national list, 132 s of a 2M run's 190)
        FairDuckDbReference.timed(s, "CREATE TABLE own_townships AS SELECT parent_code AS code, count(*) AS n FROM divisions "
                + "WHERE level = 'township' GROUP BY parent_code");
        FairDuckDbReference.timed(s, "CREATE TABLE reach AS SELECT d.code, (coalesce(o.n, 0) + coalesce(v.n, 0))::BIGINT AS townships "
                + "FROM divisions d LEFT JOIN own_townships o ON o.code = d.code LEFT JOIN ("
                + "SELECT c.parent_code AS code, sum(t.n) AS n FROM (SELECT DISTINCT code, parent_code FROM divisions "
                + "WHERE code <> parent_code) c JOIN own_townships t ON t.code = c.code GROUP BY c.parent_code) v "
                + "ON v.code = d.code");
        FairDuckDbReference.timed(s, "CREATE TABLE cadres1 AS SELECT d.code, coalesce(d.grassroots_cadres, ch.n)::BIGINT AS cadres "
                + "FROM divisions d LEFT JOIN (SELECT parent_code, sum(grassroots_cadres) AS n FROM divisions "
                + "WHERE code <> parent_code GROUP BY parent_code) ch ON ch.parent_code = d.code");
        FairDuckDbReference.timed(s, "CREATE TABLE cadres AS SELECT d.code, coalesce(d.grassroots_cadres, ch.n)::BIGINT AS cadres "
                + "FROM divisions d LEFT JOIN (SELECT c.parent_code, sum(c1.cadres) AS n FROM divisions c "
                + "JOIN cadres1 c1 USING (code) WHERE c.code <> c.parent_code GROUP BY c.parent_code) ch "
                + "ON ch.parent_code = d.code");
        String rollup = "SELECT d.code AS county_code, d.code AS division_code FROM divisions d WHERE d.level IN "
                + "('county', 'prefecture') UNION ALL SELECT d.code, p.code FROM divisions d JOIN divisions p "
                + "ON p.code = d.parent_code WHERE d.level = 'county' AND p.level = 'prefecture'";
        table(s, output, "county", supplied, p,
                "SELECT f.*, r.division_code, f.documents_requiring_report * reach.townships AS township_reports_demanded "
                        + "FROM facts f JOIN (" + rollup + ") r USING (county_code) JOIN reach ON reach.code = f.county_code",
                "SELECT d.code AS division_code, d.name AS division_name, d.level, d.parent_code, reach.townships, "
                        + "cadres.cadres AS grassroots_cadres FROM divisions d JOIN reach USING (code) JOIN cadres USING "
                        + "(code) WHERE d.level IN ('county', 'prefecture')");
        table(s, output, "township", supplied, p,
                "SELECT f.*, f.township_code AS division_code FROM facts f WHERE f.township_code IS NOT NULL",
                "SELECT code AS division_code, name AS division_name, level, parent_code AS county_code, 1::BIGINT "
                        + "AS townships, grassroots_cadres FROM divisions WHERE level = 'township'");
    }

    /** A value rounded half-up as a decimal (the double's value to 12 places first). */
    private static String round(String x, int decimals) {
        return "round((" + x + ")::DECIMAL(38, 12), " + decimals + ")::DOUBLE";
    }

    /** (x − prev) / prev × 100, half-up to one decimal, exactly, on values to 6 decimals; null on a 0 or null base. */
    private static String change(String x, String prev) {
        String c = "(round((" + x + ")::DECIMAL(38, 6) * 1000000)::HUGEINT)";
        String b = "(round((" + prev + ")::DECIMAL(38, 6) * 1000000)::HUGEINT)";
        String tenths = "((abs(" + c + " - " + b + ") * 2000 + abs(" + b + ")) // (2 * abs(" + b + ")))";
        return "CASE WHEN " + prev + " IS NULL OR " + prev + " = 0 OR " + x + " IS NULL THEN NULL WHEN (" + c + " - "
                + b + " < 0) <> (" + b + " < 0) THEN -" + tenths + " / 10.0 ELSE " + tenths + " / 10.0 END";
    }

    private static void table(Statement s, Path output, String name, Set<String> supplied, Parameters p,
                              String attributed, String grid) throws SQLException {
        boolean county = name.equals("county");
        List<Sum> sums = SUMS.stream().filter(x -> county || x.township()).toList();
        StringBuilder byPeriod = new StringBuilder();
        StringBuilder filled = new StringBuilder();
        for (Sum x : sums) {
            String v = x.state() ? "CASE WHEN mp.x.last THEN " + x.name() + " END" : x.name();
            byPeriod.append(", sum(").append(v).append(") AS ").append(x.name());
            filled.append(", ").append(supplied.contains(x.source()) ? "coalesce(s." + x.name() + ", 0)::BIGINT"
                            : "NULL::BIGINT")
                    .append(" AS ").append(x.name());
        }
        FairDuckDbReference.timed(s, "CREATE TABLE sums_" + name + " AS SELECT division_code, mp.x.t AS period_type, mp.x.p AS period"
                + byPeriod + " FROM (" + attributed + ") a JOIN month_periods mp ON mp.month = a.month GROUP BY ALL");
        FairDuckDbReference.timed(s, "CREATE TABLE grid_" + name + " AS SELECT g.*, p.period_type, p.period, p.period_start, p.period_end, "
                + "p.period_complete, p.prev_period" + filled + " FROM (" + grid + ") g CROSS JOIN periods p "
                + "LEFT JOIN sums_" + name + " s ON s.division_code = g.division_code AND s.period_type = p.period_type "
                + "AND s.period = p.period");
        // each row beside its year before (when that period is wholly covered), the burden's parts in minutes
        StringBuilder pairs = new StringBuilder();
        for (Sum x : sums) {
            pairs.append(", c.").append(x.name()).append(", CASE WHEN y.period_complete THEN y.").append(x.name())
                    .append(" END AS ").append(x.name()).append("_base");
        }
        FairDuckDbReference.timed(s, "CREATE TABLE pairs_" + name + " AS SELECT c.division_code, c.division_name, c.level, "
                + (county ? "c.parent_code" : "c.county_code") + ", c.townships, c.grassroots_cadres, c.period_type, "
                + "c.period, c.period_start, c.period_end, c.period_complete" + pairs + " FROM grid_" + name + " c "
                + "LEFT JOIN grid_" + name + " y ON y.division_code = c.division_code AND y.period_type = c.period_type "
                + "AND y.period = c.prev_period");
        String[] burden = new String[2];
        for (int k = 0; k < 2; k++) {
            String suffix = k == 0 ? "" : "_base";
            List<String> parts = new ArrayList<>();
            parts.add(supplied.contains("meetings") ? "grassroots_attendee_hours" + suffix + "::DOUBLE" : "NULL::DOUBLE");
            parts.add(supplied.contains("platform_tasks") ? "task_recipient_minutes" + suffix + "::DOUBLE" : "NULL::DOUBLE");
            parts.add(county && supplied.contains("documents") ? "township_reports_demanded" + suffix + " * "
                    + p.hoursPerReport() * 60 : "NULL::DOUBLE");
            parts.add(county && supplied.contains("inspections") ? "units_inspected" + suffix + " * "
                    + p.hoursPerInspectedUnit() * 60 : "NULL::DOUBLE");
            String any = String.join(" OR ", parts.stream().map(x -> "(" + x + ") IS NOT NULL").toList());
            String total = String.join(" + ", parts.stream().map(x -> "coalesce(" + x + ", 0)").toList());
            burden[k] = "CASE WHEN " + any + " THEN " + total + " END";
            if (k == 0) {
                String[] shares = {"burden_share_meetings", "burden_share_tasks", "burden_share_documents",
                    "burden_share_inspections"};
                StringBuilder shareColumns = new StringBuilder();
                for (int i = 0; i < shares.length; i++) {
                    shareColumns.append(", CASE WHEN (").append(burden[0]).append(") IS NOT NULL AND (").append(total)
                            .append(") > 0 THEN ").append(round("coalesce(" + parts.get(i) + ", 0) / (" + total + ")", 4))
                            .append(" END AS ").append(shares[i]);
                }
                FairDuckDbReference.timed(s, "CREATE TABLE burden_" + name + " AS SELECT *, " + burden[0] + " AS _burden, "
                        + "NULL::DOUBLE AS _burden_base" + shareColumns + " FROM pairs_" + name);
            }
        }
        FairDuckDbReference.timed(s, "UPDATE burden_" + name + " SET _burden_base = " + burden[1]);

        List<String> columns = new ArrayList<>(List.of("division_code", "division_name", "level",
                county ? "parent_code" : "county_code", "townships", "grassroots_cadres", "period", "period_start",
                "period_end", "period_complete", "period_type"));
        for (Sum x : sums) {
            String cur = x.name();
            String base = x.name() + "_base";
            columns.add((x.hours() ? round(cur + " / 60.0", 2) : cur) + " AS " + x.name());
            columns.add((x.hours() ? round(base + " / 60.0", 2) : base) + " AS " + x.name() + "_prev");
            columns.add(change(cur, base) + " AS " + x.name() + "_change_pct");
        }
        String perCadre = "CASE WHEN grassroots_cadres > 0 THEN _burden / grassroots_cadres END";
        String perCadreBase = "CASE WHEN grassroots_cadres > 0 THEN _burden_base / grassroots_cadres END";
        columns.add(round("_burden / 60.0", 2) + " AS burden_hours");
        columns.add(round("_burden_base / 60.0", 2) + " AS burden_hours_prev");
        columns.add(change("_burden", "_burden_base") + " AS burden_hours_change_pct");
        columns.add(round(perCadre + " / 60.0", 2) + " AS burden_hours_per_cadre");
        columns.add(round(perCadreBase + " / 60.0", 2) + " AS burden_hours_per_cadre_prev");
        // the cadres are the same in both periods: the per-cadre change is the burden's
        columns.add("CASE WHEN grassroots_cadres > 0 THEN " + change("_burden", "_burden_base")
                + " END AS burden_hours_per_cadre_change_pct");
        columns.addAll(List.of("burden_share_meetings", "burden_share_tasks", "burden_share_documents",
                "burden_share_inspections"));
        columns.add(ratio("tasks_pushed", "grassroots_cadres", 2) + " AS tasks_per_cadre");
        columns.add(ratio("task_recipient_minutes / 60.0", "grassroots_cadres", 2) + " AS task_hours_per_cadre");
        columns.add(ratio("visits_solving_problems", "research_visits", 4) + " AS visits_solving_problems_share");
        columns.add(ratio("problems_solved", "research_visits", 2) + " AS problems_solved_per_visit");
        columns.add(ratio("unannounced_visits", "research_visits", 4) + " AS unannounced_visit_share");
        String from = "burden_" + name;
        if (county) {
            StringBuilder cap = new StringBuilder("CASE");
            p.inspectionPlanCaps().forEach((code, n) -> cap.append(" WHEN division_code = '").append(code)
                    .append("' THEN ").append(n).append("::BIGINT"));
            String capColumn = p.inspectionPlanCaps().isEmpty() ? "NULL::BIGINT" : cap + " END";
            columns.add(capColumn + " AS inspection_plan_cap");
            columns.add(ratio("inspections_total", capColumn, 4) + " AS inspection_plan_cap_use");
            columns.add("a.routine_score_share");
            double factor = 1 + p.burdenShiftMarginPct() / 100.0;
            columns.add("CASE WHEN documents_issued_base IS NULL OR meetings_held_base IS NULL THEN NULL "
                    + "WHEN NOT (documents_issued < documents_issued_base AND meetings_held < meetings_held_base) "
                    + "THEN false WHEN tasks_pushed_base IS NOT NULL OR task_recipient_minutes_base IS NOT NULL THEN "
                    + "coalesce(tasks_pushed > tasks_pushed_base * " + factor + ", false) OR "
                    + "coalesce(task_recipient_minutes > task_recipient_minutes_base * " + factor + ", false) END "
                    + "AS burden_shifted");
            from += " LEFT JOIN " + (supplied.contains("assessments")
                    ? "c_assessments" : "(SELECT NULL::VARCHAR AS county_code, NULL::BIGINT AS year, "
                    + "NULL::DOUBLE AS routine_score_share WHERE false)")
                    + " a ON a.county_code = division_code AND a.year = year(period_start)";
        }
        FairDuckDbReference.timed(s, "COPY (SELECT " + String.join(", ", columns) + " FROM " + from + ") TO '" + output.resolve(name)
                + "' (FORMAT parquet, PARTITION_BY (period_type))");
    }

    /** numerator / denominator, half-up; null on a zero or null denominator. */
    private static String ratio(String numerator, String denominator, int decimals) {
        return "CASE WHEN (" + denominator + ") > 0 THEN " + round("(" + numerator + ")::DOUBLE / (" + denominator + ")",
                decimals) + " END";
    }
}
