package org.burdenwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.burdenwatch.records.TargetsFile;

/**
 * The records' completeness, the targets and the audit of reported figures written a second time,
 * in DuckDB SQL from the README's rules, after {@link ReferenceIndicators} wrote the county table
 * (whose columns they read, as the pipeline's read its own). Writes, under the output:
 * {@code completeness/} (as quality/completeness), {@code county_checks/} (the county table's
 * completeness columns, targets_missed, late_records from the pipeline's late records and
 * base_revised_up from its revisions, by division and period), {@code targets/} (every
 * column but the year-end projection) and {@code audit/} (every column but the explanation's text).
 *
 * <p>The counts behind completeness: the accepted records are the reference's own, by their
 * county and event month; the quarantined and duplicate ones are read from the pipeline's
 * quarantine (its division_code and month, where the record's were readable) and duplicates (the
 * month and county of the copy kept) tables, so this checks what is done with the counts, not
 * how a bad line is located.
 */
public final class ReferenceChecks {
    private ReferenceChecks() {
    }

    /** The event sources, by record folder, in the order of the county table's columns. */
    static final List<String> SOURCES = List.of("documents", "meetings", "platform_tasks", "inspections",
            "research_visits");
    private static final String[] GAPS = {"missing", "quarantine_heavy", "sparse"};

    /** Writes the tables; {@code supplied}: the record types given, as {@link ReferenceIndicators#fromClean} found. */
    public static void write(Statement s, Path output, Path pipelineOutput, Set<String> supplied, TargetsFile targets)
            throws SQLException {
        TargetsFile.CompletenessRules rules = targets.parameters().completeness();
        s.execute("CREATE VIEW ref_county AS SELECT * FROM read_parquet('" + output.resolve("county")
                + "/**/*.parquet', hive_partitioning = true)");
        // the counts: accepted (ours), quarantined and duplicates (the pipeline's tables), by county, source, month
        List<String> counts = new ArrayList<>();
        for (String source : SOURCES) {
            if (!supplied.contains(source)) {
                continue;
            }
            counts.add("SELECT '" + source + "' AS source, county_code, date_trunc('month', day)::DATE AS month, "
                    + "count(*) AS accepted, 0 AS quarantined, 0 AS duplicates FROM c_" + source + " GROUP BY ALL");
            Path quarantine = pipelineOutput.resolve("quarantine").resolve(source);
            if (Files.isDirectory(quarantine)) {
                counts.add("SELECT '" + source + "', division_code, month, 0, count(*), 0 FROM " + parquet(quarantine)
                        + " WHERE division_code IS NOT NULL AND month IS NOT NULL GROUP BY ALL");
            }
            Path duplicates = pipelineOutput.resolve("duplicates").resolve(source);
            if (Files.isDirectory(duplicates)) {
                counts.add("SELECT '" + source + "', k.county_code, date_trunc('month', k." + eventDate(source) + ")::DATE, 0, 0, "
                        + "count(*) FROM " + parquet(duplicates) + " d JOIN " + parquet(pipelineOutput.resolve("clean")
                        .resolve(source)) + " k ON k.source_file = d.kept_source_file AND k.source_line = "
                        + "d.kept_source_line GROUP BY ALL");
            }
        }
        s.execute("CREATE TABLE counts AS " + String.join(" UNION ALL ", counts));
        String rollup = "SELECT d.code AS county_code, d.code AS division_code FROM divisions d WHERE d.level IN "
                + "('county', 'prefecture') UNION ALL SELECT d.code, p.code FROM divisions d JOIN divisions p "
                + "ON p.code = d.parent_code WHERE d.level = 'county' AND p.level = 'prefecture'";
        List<String> given = SOURCES.stream().filter(supplied::contains).map(x -> "('" + x + "')").toList();
        s.execute("CREATE TABLE quality_grid AS SELECT d.code AS division_code, g.source, m.m::DATE AS month "
                + "FROM divisions d, (VALUES " + String.join(", ", given) + ") g(source), "
                + "(SELECT range AS m FROM covered, range(first_month::TIMESTAMP, last_month::TIMESTAMP + INTERVAL 1 MONTH, INTERVAL 1 MONTH)) m "
                + "WHERE d.level IN ('county', 'prefecture')");
        s.execute("CREATE TABLE quality_counts AS SELECT g.division_code, g.source, g.month, "
                + "coalesce(sum(c.accepted), 0)::BIGINT AS accepted, coalesce(sum(c.quarantined), 0)::BIGINT AS "
                + "quarantined, coalesce(sum(c.duplicates), 0)::BIGINT AS duplicates FROM quality_grid g LEFT JOIN ("
                + "SELECT r.division_code, c.* EXCLUDE (county_code) FROM counts c JOIN (" + rollup + ") r USING "
                + "(county_code)) c ON c.division_code = g.division_code AND c.source = g.source AND c.month = g.month "
                + "GROUP BY ALL");
        // each month against the 12 months before it in the grid
        s.execute("CREATE TABLE quality_history AS SELECT *, coalesce(list(accepted) OVER (PARTITION BY division_code, "
                + "source ORDER BY month ROWS BETWEEN 12 PRECEDING AND 1 PRECEDING), []) AS history FROM quality_counts");
        String n = "len(history)";
        String median = "list_median(history)";
        String total = "(accepted + quarantined + duplicates)";
        String share = "CASE WHEN " + total + " = 0 THEN NULL ELSE quarantined / " + total + " END";
        String enough = n + " >= " + rules.minHistoryMonths();
        s.execute(String.format(Locale.ROOT, "CREATE TABLE quality AS SELECT division_code, source, "
                        + "strftime(month, '%%Y-%%m') AS month, month AS month_start, accepted, quarantined, duplicates, "
                        + "%s AS quarantined_share, CASE "
                        + "WHEN %s AND accepted = 0 AND len(list_filter(history, x -> x > 0)) >= %d THEN 'missing' "
                        + "WHEN %s AND %s >= %s AND accepted < %s * %s THEN 'sparse' "
                        + "WHEN %s > %s THEN 'quarantine_heavy' WHEN NOT (%s) THEN 'no_history' ELSE 'ok' END AS status "
                        + "FROM quality_history",
                share, enough, rules.missingMinMonths(), enough, median, rules.sparseMinMedian(), median,
                rules.sparseShare(), share, rules.quarantineHeavyShare(), enough));
        s.execute("COPY (SELECT division_code, source, month, accepted, quarantined, duplicates, quarantined_share, "
                + "status FROM quality) TO '" + output.resolve("completeness") + "' (FORMAT parquet)");

        // per period: months complete, data_complete and data_gaps
        StringBuilder perSource = new StringBuilder();
        List<String> complete = new ArrayList<>();
        List<String> gapTexts = new ArrayList<>();
        List<String> sorted = new ArrayList<>(SOURCES);
        sorted.sort((a, b) -> (a + " ").compareTo(b + " "));
        for (String source : sorted) {
            if (supplied.contains(source)) {
                gapTexts.add("list_sort(list_filter(list(CASE WHEN q.source = '" + source + "' AND q.status IN ('"
                        + String.join("', '", GAPS) + "') THEN '" + source + " ' || q.month || ' ' || q.status END), "
                        + "x -> x IS NOT NULL))");
            }
        }
        String inPeriod = "(date_diff('month', p.period_start, p.period_end + 1))";
        List<String> recorded = new ArrayList<>();
        for (String source : SOURCES) {
            boolean in = supplied.contains(source);
            String ok = "count(*) FILTER (WHERE q.source = '" + source + "' AND q.status IN ('ok', 'no_history'))";
            String present = "count(*) FILTER (WHERE q.source = '" + source + "')";
            perSource.append(", ").append(in ? ok : "NULL::BIGINT").append(" AS ").append(source)
                    .append("_months_complete, ").append(inPeriod).append("::BIGINT AS ").append(source)
                    .append("_months_in_period");
            complete.add(in ? ok + " = " + inPeriod : "false");
            recorded.add(in ? "CASE WHEN " + present + " < " + inPeriod + " THEN '" + source + " ' || " + present
                    + " || ' of ' || " + inPeriod + " || ' months recorded' END" : "'" + source + " not supplied'");
        }
        String months = gapTexts.isEmpty() ? "NULL" : "nullif(array_to_string(flatten([" + String.join(", ", gapTexts)
                + "]), '; '), '')";
        String completeness = String.join(" AND ", complete);
        s.execute("CREATE TABLE period_quality AS SELECT p.division_code, p.period_type, p.period" + perSource + ", "
                + completeness + " AS data_complete, CASE WHEN " + completeness + " THEN NULL ELSE concat_ws('; ', "
                + months + ", " + String.join(", ", recorded) + ") END AS data_gaps FROM ref_county p JOIN quality q "
                + "ON q.division_code = p.division_code AND q.month_start BETWEEN p.period_start AND p.period_end "
                + "GROUP BY p.division_code, p.period_type, p.period, p.period_start, p.period_end");

        // the targets: each target that applies to a division and period, its value, threshold and status
        List<String> results = new ArrayList<>();
        for (TargetsFile.Target t : targets.targets()) {
            String applies = "c.period_type IN ('" + String.join("', '", t.periodTypes()) + "')";
            if (!t.divisions().isEmpty()) {
                applies += " AND c.division_code IN ('" + String.join("', '", t.divisions()) + "')";
            } else {
                List<String> named = new ArrayList<>();
                targets.targets().stream().filter(o -> o.name().equals(t.name())).forEach(o -> named.addAll(o.divisions()));
                if (!named.isEmpty()) {
                    applies += " AND c.division_code NOT IN ('" + String.join("', '", named) + "')";
                }
            }
            String value = "c." + t.indicator() + "::DOUBLE";
            String threshold = t.threshold() != null ? t.threshold() + "::DOUBLE"
                    : "c." + t.indicator() + "_prev::DOUBLE * " + (1 - t.yoyReductionPct() / 100.0);
            String holds = value + (t.isCap() ? " <= " : " >= ") + threshold;
            results.add("SELECT c.division_code, c.division_name, c.period_type, c.period, '" + t.name() + "' AS target, '"
                    + t.indicator() + "' AS indicator, '" + t.direction() + "' AS direction, " + value + " AS value, "
                    + threshold + " AS threshold, CASE WHEN " + value + " IS NULL OR " + threshold + " IS NULL THEN "
                    + "'not_applicable' WHEN " + holds + " THEN CASE WHEN coalesce(q.data_complete, false) THEN 'met' "
                    + "ELSE 'unverified' END ELSE 'missed' END AS status, q.data_gaps, c.period_complete FROM ref_county c "
                    + "LEFT JOIN period_quality q USING (division_code, period_type, period) WHERE " + applies);
        }
        s.execute("CREATE TABLE ref_targets AS " + (results.isEmpty()
                ? "SELECT NULL::VARCHAR AS division_code, NULL::VARCHAR AS division_name, NULL::VARCHAR AS period_type, "
                + "NULL::VARCHAR AS period, NULL::VARCHAR AS target, NULL::VARCHAR AS indicator, NULL::VARCHAR AS "
                + "direction, NULL::DOUBLE AS value, NULL::DOUBLE AS threshold, NULL::VARCHAR AS status, NULL::VARCHAR "
                + "AS data_gaps, NULL::BOOLEAN AS period_complete WHERE false" : String.join(" UNION ALL ", results)));
        s.execute("COPY (SELECT division_code, division_name, period_type, period, target, indicator, direction, value, "
                + "threshold, status, CASE WHEN status = 'unverified' THEN data_gaps END AS unverified_reason, "
                + "period_complete FROM ref_targets) TO '" + output.resolve("targets") + "' (FORMAT parquet)");
        // the history: the pipeline's late records (clean/<type>.late) placed in each division's periods, and
        // the periods a year after one whose figure is higher now than when it was first published
        List<String> late = new ArrayList<>();
        for (String source : SOURCES) {
            Path clean = pipelineOutput.resolve("clean").resolve(source);
            if (supplied.contains(source) && Files.isDirectory(clean)) {
                late.add("SELECT county_code, " + eventDate(source) + " AS day FROM " + parquet(clean) + " WHERE late");
            }
        }
        s.execute("CREATE TABLE late_days AS " + (late.isEmpty() ? "SELECT NULL::VARCHAR AS county_code, NULL::DATE AS "
                + "day WHERE false" : String.join(" UNION ALL ", late)));
        s.execute("CREATE TABLE late_counts AS SELECT c.division_code, c.period_type, c.period, count(l.day) AS "
                + "late_records FROM ref_county c LEFT JOIN (SELECT r.division_code, l.day FROM late_days l JOIN ("
                + rollup + ") r USING (county_code)) l ON l.division_code = c.division_code AND l.day BETWEEN "
                + "c.period_start AND c.period_end GROUP BY ALL");
        Path revisions = pipelineOutput.resolve("quality").resolve("revisions");
        s.execute("CREATE TABLE revised_up AS " + (Files.isDirectory(revisions)
                ? "SELECT DISTINCT division_code, period_type, (period_start + INTERVAL 12 MONTH)::DATE AS later FROM ("
                + "SELECT division_code, period_type, period_start, indicator, arg_min(published_value, run_id) AS "
                + "first, arg_max(revised_value, run_id) AS latest FROM " + parquet(revisions) + " WHERE level <> "
                + "'township' GROUP BY ALL) WHERE latest > first"
                : "SELECT NULL::VARCHAR AS division_code, NULL::VARCHAR AS period_type, NULL::DATE AS later WHERE false"));
        StringBuilder quality = new StringBuilder();
        for (String source : SOURCES) {
            quality.append(", q.").append(source).append("_months_complete, q.").append(source)
                    .append("_months_in_period");
        }
        s.execute("COPY (SELECT c.division_code, c.period_type, c.period" + quality + ", q.data_complete, q.data_gaps, "
                + "(SELECT count(*) FROM ref_targets t WHERE t.division_code = c.division_code AND t.period_type = "
                + "c.period_type AND t.period = c.period AND t.status = 'missed') AS targets_missed, l.late_records, "
                + "EXISTS (SELECT 1 FROM revised_up u WHERE u.division_code = c.division_code AND u.period_type = "
                + "c.period_type AND u.later = c.period_start) AS base_revised_up FROM ref_county c "
                + "LEFT JOIN period_quality q USING (division_code, period_type, period) "
                + "LEFT JOIN late_counts l USING (division_code, period_type, period)) TO '"
                + output.resolve("county_checks") + "' (FORMAT parquet)");

        if (supplied.contains("reported_figures")) {
            writeAudit(s, output);
        }
    }

    /** The audit's verdicts: each reported figure against the reference's county table. */
    private static void writeAudit(Statement s, Path output) throws SQLException {
        // the county table in long form: division, period, indicator, value and the year before
        // the indicators with a year-on-year pair (a rate has none: a figure reported for it is not computable)
        Set<String> columns = new java.util.HashSet<>();
        try (var r = s.executeQuery("SELECT column_name FROM (DESCRIBE ref_county)")) {
            while (r.next()) {
                columns.add(r.getString(1));
            }
        }
        List<String> indicators = new ArrayList<>();
        try (var r = s.executeQuery("SELECT DISTINCT indicator FROM c_reported_figures")) {
            while (r.next()) {
                String i = r.getString(1);
                if (columns.contains(i) && columns.contains(i + "_prev") && columns.contains(i + "_change_pct")) {
                    indicators.add(i);
                }
            }
        }
        List<String> longForm = new ArrayList<>();
        for (String i : indicators) {
            longForm.add("SELECT division_code, period, '" + i + "' AS indicator, " + i + "::DOUBLE AS cur, " + i
                    + "_prev::DOUBLE AS prev FROM ref_county");
        }
        if (longForm.isEmpty()) {
            return;
        }
        s.execute("CREATE TABLE computed AS " + String.join(" UNION ALL ", longForm));
        String change = "CASE WHEN prev IS NULL OR prev = 0 THEN NULL ELSE (cur - prev) * 100 / prev END";
        String wrongBase = "CASE WHEN cur IS NULL OR cur = 0 THEN NULL ELSE (cur - prev) * 100 / cur END";
        String signed = "CASE WHEN direction = 'decrease' THEN -abs(reported_change_pct) WHEN direction = 'increase' "
                + "THEN abs(reported_change_pct) ELSE reported_change_pct END";
        s.execute("COPY (SELECT r.county_code AS division_code, r.period, r.indicator, cur AS computed_value, "
                + "prev AS computed_prev_value, CASE WHEN prev IS NULL OR prev = 0 THEN NULL ELSE round(((cur::DECIMAL(30, 6)"
                + " - prev::DECIMAL(30, 6)) * 100 / prev::DECIMAL(30, 6))::DECIMAL(38, 12), 1)::DOUBLE END "
                + "AS computed_change_pct, " + signed + " AS reported_change_signed_pct, CASE "
                + "WHEN cur IS NULL THEN 'not_computable' "
                + "WHEN (reported_value IS NOT NULL AND reported_value <> cur) OR (reported_prev_value IS NOT NULL AND "
                + "reported_prev_value <> prev) THEN 'value_mismatch' "
                + "WHEN " + signed + " IS NULL THEN 'consistent' WHEN " + change + " IS NULL THEN 'not_computable' "
                + "WHEN abs(" + signed + " - " + change + ") <= 0.1 + 1e-9 THEN 'consistent' "
                + "WHEN " + wrongBase + " IS NOT NULL AND abs(" + signed + " - " + wrongBase + ") <= 0.1 + 1e-9 "
                + "THEN 'change_wrong_base' ELSE 'change_misstated' END AS verdict, r.source_file, r.source_line "
                + "FROM c_reported_figures r LEFT JOIN computed c ON c.division_code = r.county_code AND c.period = "
                + "r.period AND c.indicator = r.indicator) TO '" + output.resolve("audit") + "' (FORMAT parquet)");
    }

    /** The clean-table DATE column that places a source's records in periods. */
    private static String eventDate(String source) {
        return switch (source) {
            case "documents" -> "issued_on";
            case "meetings" -> "started_on";
            case "platform_tasks" -> "pushed_on";
            case "inspections" -> "started_on";
            default -> "visited_on";
        };
    }

    private static String parquet(Path table) {
        return "read_parquet('" + table + "/**/*.parquet', hive_partitioning = false)";
    }
}
