package org.burdenwatch.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.Period;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.OutputCatalog;

/**
 * What the report shows, read from an output folder into plain values on the driver: the
 * period's county and prefecture rows (a few dozen), the targets they missed, the audit findings
 * and the latest run's quarantine counts. Everything here is small by construction.
 */
public record ReportData(Period period, List<String> periodsAvailable, Division prefecture, List<Division> counties,
                         List<MissedTarget> missedTargets, List<Finding> findings, List<TypeCount> quarantine,
                         String runId, List<Projection> projections, List<Division> prefectures,
                         List<Revision> revisions, Map<String, Long> revisedPerDivision) {

    /**
     * A division's values for the period: indicator → value, _prev and _change_pct (null when
     * absent); its data gaps (null when its records are complete for the period), the share of its
     * period's records quarantined, and its targets unverified for want of complete records.
     */
    public record Division(String code, String name, String parentCode, Map<String, Double> values, String dataGaps,
                           Double quarantinedShare, long targetsUnverified) {
        public Double value(String column) {
            return values.get(column);
        }

        public boolean dataComplete() {
            return dataGaps == null;
        }
    }

    public record MissedTarget(String divisionCode, String divisionName, String target, String indicator,
                               String direction, Double value, Double threshold, String rule) {
    }

    /** A yearly target of a year still under way: the year-to-date value, its projection to the year, the status. */
    public record Projection(String year, String divisionCode, String divisionName, String target, String direction,
                             Double value, Double projectedValue, Double threshold, String projectedStatus) {
    }

    public record Finding(String divisionCode, String period, String indicator, String source, Double reportedChangePct,
                          Double computedChangePct, String verdict, String explanation) {
    }

    /**
     * A county or prefecture figure of a closed period revised after it was first published
     * (quality/revisions, over every run): as first published, as now, the records that arrived late
     * since, and the change relative to the first-published value (null on a base of 0 or none).
     */
    public record Revision(String divisionCode, String period, String indicator, Double published, Double now,
                           long lateRecords, Double relativeChangePct) {
    }

    public record TypeCount(String recordType, boolean supplied, long read, long accepted, long quarantined,
                            long duplicates, List<String> topReasons) {
    }

    /** The codes of the prefectures in the output, in code order. */
    public List<String> prefectureCodes() {
        return prefectures.stream().map(Division::code).toList();
    }

    /**
     * One prefecture's page: its own row, its counties, and the targets, findings and projections
     * of those divisions (the quarantine counts are the run's, whole).
     */
    public ReportData forPrefecture(String code) {
        Division own = prefectures.stream().filter(d -> d.code().equals(code)).findFirst().orElse(null);
        List<Division> its = counties.stream().filter(d -> code.equals(d.parentCode())).toList();
        Set<String> codes = new HashSet<>();
        codes.add(code);
        its.forEach(d -> codes.add(d.code()));
        return new ReportData(period, periodsAvailable, own, its,
                missedTargets.stream().filter(t -> codes.contains(t.divisionCode())).toList(),
                findings.stream().filter(f -> codes.contains(f.divisionCode())).toList(), quarantine, runId,
                projections.stream().filter(p -> codes.contains(p.divisionCode())).toList(),
                own == null ? List.of() : List.of(own),
                revisions.stream().filter(r -> codes.contains(r.divisionCode())).toList(),
                revisedPerDivision.entrySet().stream().filter(e -> codes.contains(e.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** True when the period has rows: the report draws charts only then. */
    public boolean hasData() {
        return prefecture != null || !counties.isEmpty();
    }

    /** The indicators the report charts: every indicator with a year-on-year pair. */
    public static List<Indicator> charted() {
        return Indicators.withYearOnYear();
    }

    /**
     * Reads the report's data. With {@code periodLabel} null, the latest complete half-year that
     * has a same-period-last-year value is shown.
     */
    public static ReportData load(SparkSession spark, String output, String periodLabel) throws IOException {
        OutputCatalog catalog = OutputCatalog.open(spark, output);
        catalog.registerViews();
        List<String> available = new ArrayList<>();
        boolean hasCounty = catalog.parquetTables().contains(OutputTable.COUNTY_INDICATORS);
        if (hasCounty) {
            for (Row r : spark.sql("SELECT DISTINCT period FROM county_indicators WHERE period_type IN ('half', 'year') "
                    + "ORDER BY period").collectAsList()) {
                available.add(r.getString(0));
            }
        }
        Period period = periodLabel != null ? Period.parse(periodLabel) : latestHalf(spark, hasCounty);
        List<Division> prefectures = new ArrayList<>();
        List<Division> counties = new ArrayList<>();
        List<MissedTarget> missed = new ArrayList<>();
        if (period != null && hasCounty) {
            Dataset<Row> rows = spark.table(OutputTable.COUNTY_INDICATORS.name())
                    .filter(col("period_type").equalTo(period.type()).and(col("period").equalTo(period.label())))
                    .orderBy("division_code");
            Map<String, Double> shares = new LinkedHashMap<>();
            Map<String, Long> unverified = new LinkedHashMap<>();
            if (catalog.parquetTables().contains(OutputTable.COMPLETENESS)) {
                for (Row r : spark.sql("SELECT division_code, sum(quarantined) / nullif(sum(accepted + quarantined + "
                        + "duplicates), 0) FROM data_completeness WHERE month BETWEEN '" + period.start().toString()
                        .substring(0, 7) + "' AND '" + period.end().toString().substring(0, 7)
                        + "' GROUP BY division_code").collectAsList()) {
                    shares.put(r.getString(0), number(r, 1));
                }
            }
            for (Row r : spark.sql("SELECT division_code, count(*) FROM targets WHERE status = 'unverified' AND "
                    + "period_type = '" + period.type() + "' AND period = '" + period.label() + "' GROUP BY division_code")
                    .collectAsList()) {
                unverified.put(r.getString(0), r.getLong(1));
            }
            for (Row r : rows.collectAsList()) {
                Division d = division(r, shares, unverified);
                if ("prefecture".equals(r.getAs("level"))) {
                    prefectures.add(d);
                } else {
                    counties.add(d);
                }
            }
            for (Row r : spark.sql("SELECT division_code, division_name, target, indicator, direction, value, threshold, "
                    + "rule FROM targets WHERE status = 'missed' AND period_type = '" + period.type()
                    + "' AND period = '" + period.label() + "' ORDER BY division_code, target").collectAsList()) {
                missed.add(new MissedTarget(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), number(r, 5), number(r, 6), r.getString(7)));
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (catalog.parquetTables().contains(OutputTable.AUDIT)) {
            for (Row r : spark.sql("SELECT division_code, period, indicator, source, reported_change_signed_pct, "
                    + "computed_change_pct, verdict, explanation FROM audit_reported_figures "
                    + "WHERE verdict <> 'consistent' ORDER BY division_code, period, indicator").collectAsList()) {
                findings.add(new Finding(r.getString(0), r.getString(1), r.getString(2), r.getString(3), number(r, 4),
                        number(r, 5), r.getString(6), r.getString(7)));
            }
        }
        List<TypeCount> quarantine = new ArrayList<>();
        String runId = null;
        for (Row r : catalog.runs().orderBy(col("run_id").desc()).collectAsList()) {
            if (runId == null) {
                runId = r.getAs("run_id");
            }
            if (runId.equals(r.getAs("run_id"))) {
                quarantine.add(new TypeCount(r.getAs("record_type"), r.getAs("supplied"), r.getAs("records_read"),
                        r.getAs("accepted"), r.getAs("quarantined"), r.getAs("duplicates"), List.of()));
            }
        }
        quarantine = withReasons(spark, catalog, quarantine);
        List<Projection> projections = new ArrayList<>();
        if (catalog.parquetTables().contains(OutputTable.TARGETS)) {
            // the year under way: at-risk targets first
            for (Row r : spark.sql("SELECT period, division_code, division_name, target, direction, value, "
                    + "projected_value, threshold, projected_status FROM targets WHERE period_type = 'year' AND "
                    + "projected_status IS NOT NULL ORDER BY projected_status, division_code, target").collectAsList()) {
                projections.add(new Projection(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), number(r, 5), number(r, 6), number(r, 7), r.getString(8)));
            }
        }
        return new ReportData(period, available, prefectures.size() == 1 ? prefectures.get(0) : null, counties, missed,
                findings, quarantine, runId, projections, prefectures, revisions(spark, catalog),
                revisedPerDivision(spark, catalog));
    }

    /** How many figures of closed periods the page's divisions had revised since first published. */
    public long revisedCount() {
        return revisedPerDivision.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A page lists at most this many revisions, the largest first (the rest are counted, and in the table). */
    public static final int REVISIONS_LISTED = 50;

    /**
     * The county and prefecture figures of closed periods revised since first published, each once
     * over every run (first published → now), as a view: division_code, period, indicator, first,
     * now, late, pct (relative change, null on a base of 0).
     */
    private static final String REVISED = "SELECT division_code, period, indicator, first, now, late, "
            + "CASE WHEN first <> 0 THEN round((now - first) / abs(first) * 100, 1) END AS pct FROM ("
            + "SELECT division_code, period, indicator, min_by(published_value, run_id) AS first, "
            + "max_by(revised_value, run_id) AS now, sum(late_records) AS late FROM revisions "
            + "WHERE period_closed AND level <> 'township' GROUP BY division_code, period, indicator) "
            + "WHERE NOT (first <=> now)";

    /**
     * The largest revisions of each division ({@link #REVISIONS_LISTED} at most: a page's largest are
     * among its divisions' largest), largest relative change first: a national output's thousands of
     * revised figures stay in the table, not on the driver.
     */
    private static List<Revision> revisions(SparkSession spark, OutputCatalog catalog) throws IOException {
        List<Revision> out = new ArrayList<>();
        if (!catalog.parquetTables().contains(OutputTable.REVISIONS)) {
            return out;
        }
        for (Row r : spark.sql("SELECT division_code, period, indicator, first, now, late, pct FROM (SELECT *, "
                + "row_number() OVER (PARTITION BY division_code ORDER BY abs(pct) DESC NULLS LAST, period, indicator) "
                + "AS k FROM (" + REVISED + ")) WHERE k <= " + REVISIONS_LISTED
                + " ORDER BY abs(pct) DESC NULLS LAST, division_code, period, indicator").collectAsList()) {
            out.add(new Revision(r.getString(0), r.getString(1), r.getString(2), number(r, 3), number(r, 4),
                    r.getLong(5), number(r, 6)));
        }
        return out;
    }

    /** How many figures of closed periods each division had revised since first published. */
    private static Map<String, Long> revisedPerDivision(SparkSession spark, OutputCatalog catalog) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        if (catalog.parquetTables().contains(OutputTable.REVISIONS)) {
            spark.sql("SELECT division_code, count(*) FROM (" + REVISED + ") GROUP BY division_code").collectAsList()
                    .forEach(r -> out.put(r.getString(0), r.getLong(1)));
        }
        return out;
    }

    private static Period latestHalf(SparkSession spark, boolean hasCounty) {
        if (!hasCounty) {
            return null;
        }
        Row r = spark.sql("SELECT max(period) FROM county_indicators WHERE period_type = 'half' AND period_complete "
                + "AND documents_issued_prev IS NOT NULL").first();
        if (r.isNullAt(0)) {
            r = spark.sql("SELECT max(period) FROM county_indicators WHERE period_type = 'half'").first();
        }
        return r.isNullAt(0) ? null : Period.parse(r.getString(0));
    }

    /** The three commonest reason codes of each type's quarantine table. */
    private static List<TypeCount> withReasons(SparkSession spark, OutputCatalog catalog, List<TypeCount> counts)
            throws IOException {
        List<TypeCount> out = new ArrayList<>();
        for (TypeCount c : counts) {
            List<String> reasons = new ArrayList<>();
            String view = "quarantine_" + c.recordType();
            if (c.quarantined() > 0 && catalog.parquetTables().contains(OutputTable.named(view))) {
                for (Row r : spark.sql("SELECT reason, count(*) AS n FROM (SELECT explode(reasons) AS reason FROM " + view
                        + ") GROUP BY reason ORDER BY n DESC, reason LIMIT 3").collectAsList()) {
                    reasons.add(r.getString(0) + " ×" + r.getLong(1));
                }
            }
            out.add(new TypeCount(c.recordType(), c.supplied(), c.read(), c.accepted(), c.quarantined(), c.duplicates(),
                    reasons));
        }
        return out;
    }

    private static Division division(Row r, Map<String, Double> shares, Map<String, Long> unverified) {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> fields = List.of(r.schema().fieldNames());
        for (Indicator i : charted()) {
            for (String column : List.of(i.name(), i.name() + "_prev", i.name() + "_change_pct")) {
                int at = fields.indexOf(column);
                values.put(column, at < 0 ? null : number(r, at));
            }
        }
        String code = r.getAs("division_code");
        boolean complete = fields.contains("data_complete") && Boolean.TRUE.equals(r.getAs("data_complete"));
        String gaps = complete ? null : fields.contains("data_gaps") && r.getAs("data_gaps") != null
                ? r.getAs("data_gaps") : "completeness not computed";
        return new Division(code, r.getAs("division_name"), r.getAs("parent_code"), values, gaps, shares.get(code),
                unverified.getOrDefault(code, 0L));
    }

    private static Double number(Row r, int i) {
        return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
    }
}
