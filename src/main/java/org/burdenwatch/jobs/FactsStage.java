package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.audit.ReportedFiguresAudit;
import org.burdenwatch.incremental.FactsUpdate;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.TouchedPeriods;
import org.burdenwatch.indicators.DataCompleteness;
import org.burdenwatch.indicators.Facts;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RoutedParquetWrite;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.targets.TargetEvaluation;
import org.burdenwatch.targets.YearEndProjection;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValueColumns;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The indicator stage of one run: the monthly facts (records aggregated once), then from them the
 * county table with its targets, and the township table, each written one file per period (so
 * that a rerun keeps the files of the periods it does not recompute), then the audit of reported
 * figures.
 */
final class IndicatorStage {
    private static final String NEW = "_new";

    private final SparkSession spark;
    private final TableStore store;
    private final DivisionDirectory divisions;
    private final Set<IndicatorSource> supplied;
    private final TargetsFile targets;
    private final IndicatorTables.Model model;

    IndicatorStage(SparkSession spark, TableStore store, DivisionDirectory divisions, Set<IndicatorSource> supplied,
                   TargetsFile targets) {
        this.spark = spark;
        this.store = store;
        this.divisions = divisions;
        this.supplied = supplied;
        this.targets = targets;
        Dataset<Row> assessments = store.read(OutputTable.clean(RecordType.ASSESSMENTS));
        this.model = new IndicatorTables.Model(targets.parameters(), assessments);
    }

    /**
     * The months documents and meetings cover ({@code first} to {@code last}), and those whose facts
     * or completeness this run changed (their periods are recomputed).
     */
    record MonthsCovered(YearMonth first, YearMonth last, Set<YearMonth> changed) {
        /** How many periods (months, quarters, halves, years) the months overlap. */
        int periods() {
            return Period.overlapping(first, last).size();
        }
    }

    /**
     * The facts and the completeness of each division's records month by month, over the months
     * documents and meetings cover (those parsed by this run, and the published ones it keeps);
     * null when no document or meeting record gives the run a period.
     */
    MonthsCovered writeFactsAndCompleteness(IncrementalPlan plan, Map<RecordType, Set<YearMonth>> monthsParsed) {
        TreeSet<YearMonth> covered = new TreeSet<>();
        for (IndicatorSource source : List.of(IndicatorSource.DOCUMENTS, IndicatorSource.MEETINGS)) {
            if (!supplied.contains(source)) {
                continue;
            }
            covered.addAll(monthsParsed.getOrDefault(source.recordType(), Set.of()));
            if (plan.of(source.recordType()).action() != IncrementalPlan.Action.REBUILD) {
                covered.addAll(publishedMonths(source));
            }
        }
        if (covered.isEmpty()) {
            return null;
        }
        YearMonth first = covered.first();
        YearMonth last = covered.last();
        Set<YearMonth> changed = new TreeSet<>(writeFacts(plan, first, last));
        // a month whose completeness changed changes its periods' data_complete and targets
        changed.addAll(writeCompleteness(first, last));
        return new MonthsCovered(first, last, changed);
    }

    /** The months the published facts hold a record of a source in (an incremental run's kept records). */
    private Set<YearMonth> publishedMonths(IndicatorSource source) {
        Set<YearMonth> out = new TreeSet<>();
        if (!store.isPublished(OutputTable.FACTS)) {
            return out;
        }
        // the distinct months of one source: a few hundred rows at most, not records
        for (Row r : store.readPublished(OutputTable.FACTS).filter(col(Facts.SOURCE).equalTo(source.name()))
                .select(col(Facts.MONTH)).distinct().collectAsList()) {
            out.add(Facts.monthOf(r.get(0)));
        }
        return out;
    }

    /**
     * The periods a rerun recomputes (null: all): after a full parse, or without the published
     * tables and facts of an earlier run ({@code previous}: its summary), every period; otherwise
     * those the changed months touch.
     */
    Set<Period> touchedPeriods(IncrementalPlan plan, RunSummary previous, MonthsCovered covered) {
        if (plan.recomputeAllPeriods() || previous == null || previous.periods() == null
                || !store.isPublished(OutputTable.COUNTY_INDICATORS) || !store.isPublished(OutputTable.FACTS)) {
            return null;
        }
        YearMonth before = YearMonth.parse(previous.periods().firstMonth());
        YearMonth until = YearMonth.parse(previous.periods().lastMonth());
        Map<Period, Boolean> published = new LinkedHashMap<>();
        for (Period p : Period.overlapping(before, until)) {
            published.put(p, p.isCoveredBy(before, until));
        }
        return TouchedPeriods.of(covered.first(), covered.last(), published, covered.changed());
    }

    /**
     * Writes the facts: every event source summed per county, township and month (an incremental
     * run sums only its new records and keeps the published sums of the rest), and platforms
     * measured on every month of the periods. Their files hold one year each: a run that only
     * appends rewrites the years its new records fall in (and those the periods grow into) and keeps
     * the published files of the others. Returns the months that hold a new record.
     */
    private Set<YearMonth> writeFacts(IncrementalPlan plan, YearMonth first, YearMonth last) {
        FactsUpdate update = new FactsUpdate(plan, store.isPublished(OutputTable.FACTS));
        if (update.keepsTable()) {
            store.keep(OutputTable.FACTS);
            return Set.of();
        }
        Set<Integer> platformYears = new TreeSet<>();
        if (supplied.contains(IndicatorSource.PLATFORMS) && first != null) {
            for (int y = first.getYear(); y <= last.getYear(); y++) {
                platformYears.add(y);
            }
        }
        Set<Integer> publishedYears = update.rewritesSomeYears() ? store.publishedYears(OutputTable.FACTS) : null;
        // the years this run writes (null: every year)
        Set<Integer> years = null;
        if (publishedYears != null) {
            Map<IndicatorSource, Dataset<Row>> clean = new LinkedHashMap<>();
            for (IndicatorSource source : IndicatorSource.values()) {
                if (source.isEvent() && supplied.contains(source)) {
                    clean.put(source, store.read(OutputTable.clean(source.recordType())));
                }
            }
            years = update.yearsToRewrite(clean, platformYears, publishedYears);
        }
        if (years != null && years.isEmpty()) {
            store.keep(OutputTable.FACTS); // no new clean record, no new year: the same sums
            return Set.of();
        }
        List<Dataset<Row>> parts = new ArrayList<>();
        // _new: the row sums a record of this run (its month is then noted by the write)
        Dataset<Row> published = update.readsPublished() ? store.readPublished(OutputTable.FACTS) : null;
        if (published != null && years != null) {
            published = published.filter(inYears(col(Facts.MONTH), years));
        }
        for (IndicatorSource source : IndicatorSource.values()) {
            if (!source.isEvent() || !supplied.contains(source)) {
                continue;
            }
            Dataset<Row> kept = published == null ? null
                    : published.filter(col(Facts.SOURCE).equalTo(source.name())).withColumn(NEW, lit(false));
            Dataset<Row> clean = update.recordsToSum(source, store.read(OutputTable.clean(source.recordType())));
            Dataset<Row> fresh = Facts.ofEvents(source, clean).withColumn(NEW, lit(true));
            parts.add(update.of(source, kept, fresh, NEW));
        }
        List<YearMonth> platformMonths = new ArrayList<>();
        for (int y : platformYears) {
            if (years == null || years.contains(y)) {
                for (int m = 1; m <= 12; m++) {
                    platformMonths.add(YearMonth.of(y, m));
                }
            }
        }
        if (!platformMonths.isEmpty()) {
            parts.add(Facts.ofPlatforms(store.read(OutputTable.clean(RecordType.PLATFORMS)), platformMonths)
                    .withColumn(NEW, lit(false)));
        }
        if (parts.isEmpty()) {
            store.writeLocal(OutputTable.FACTS, Facts.schema(), List.of());
            return Set.of();
        }
        Dataset<Row> facts = parts.get(0);
        for (Dataset<Row> p : parts.subList(1, parts.size())) {
            facts = facts.unionByName(p);
        }
        TableStore.Routing routing = store.routing();
        List<Column> routes = new ArrayList<>();
        for (int y : years == null ? plausibleYears() : years) {
            routes.add(lit(y));
            routes.add(lit(routing.toYear(OutputTable.FACTS, Facts.schema(), y)));
        }
        Column route = try_element_at(functions.map(routes.toArray(new Column[0])), functions.year(col(Facts.MONTH)));
        // a month outside the routed years would be a row lost: validation keeps every date in the window
        route = when(route.isNotNull(), route).otherwise(functions.raise_error(concat(
                lit("monthly facts: no file for the month "), date_format(col(Facts.MONTH), "yyyy-MM"))));
        Column[] columns = Arrays.stream(Facts.schema().fieldNames()).map(functions::col)
                .toArray(Column[]::new);
        // the months new records fall in, counted by the write itself
        Column newMonth = when(col(NEW), functions.array(struct(col(Facts.MONTH).as("month"))));
        RoutedParquetWrite.Result result = routing.write(facts.select(routing.row(route,
                Map.of(OutputTable.FACTS, struct(columns)), newMonth)));
        if (years != null) {
            Set<Integer> others = new TreeSet<>(publishedYears);
            others.removeAll(years);
            store.carryOverYears(OutputTable.FACTS, others);
        }
        Set<YearMonth> months = new TreeSet<>();
        result.tallies().keySet().forEach(t -> months.add(Facts.monthOf(t.get(0))));
        return months;
    }

    /** The facts' months within the given years. */
    private static Column inYears(Column month, Set<Integer> years) {
        Column any = lit(false);
        for (int y : years) {
            any = any.or(month.between(lit(LocalDate.of(y, 1, 1)), lit(LocalDate.of(y, 12, 31))));
        }
        return any;
    }

    /** Every year a clean record's date may fall in: validation quarantines a date outside the window. */
    private Set<Integer> plausibleYears() {
        TargetsFile.Parameters p = targets.parameters();
        Set<Integer> years = new TreeSet<>();
        int latest = p.latestPlausibleDate(LocalDate.now(ZoneId.of(ValueColumns.ZONE))).getYear();
        for (int y = p.earliestPlausibleDate().getYear(); y <= latest; y++) {
            years.add(y);
        }
        return years;
    }

    /**
     * Writes quality/completeness: per county (and prefecture), supplied event source and month of
     * first..last, the accepted records (from the facts), the quarantined ones whose county and
     * month were readable, the duplicates (placed by the copy kept), and the month's status.
     * Returns the months whose status changed from the published table (all when there is none):
     * the periods holding them are recomputed, as their completeness columns and targets depend on
     * it. An unchanged table is kept as published.
     */
    private Set<YearMonth> writeCompleteness(YearMonth first, YearMonth last) {
        List<String> given = new ArrayList<>();
        Map<IndicatorSource, DataCompleteness.SourceRecords> records = new LinkedHashMap<>();
        for (IndicatorSource source : DataCompleteness.sources()) {
            if (supplied.contains(source)) {
                RecordType type = source.recordType();
                given.add(type.folder());
                records.put(source, new DataCompleteness.SourceRecords(store.read(OutputTable.clean(type)),
                        store.read(OutputTable.quarantine(type)), store.read(OutputTable.duplicates(type))));
            }
        }
        Dataset<Row> counts = DataCompleteness.counts(spark, store.read(OutputTable.FACTS), records);
        Dataset<Row> table = DataCompleteness.monthly(spark, counts, divisions,
                given, first, last, targets.parameters().completeness());
        Dataset<Row> published = store.isPublished(OutputTable.COMPLETENESS)
                ? store.readPublished(OutputTable.COMPLETENESS) : null;
        boolean compared = published != null && Arrays.asList(published.columns()).equals(Arrays.asList(table.columns()));
        // compared with the published rows, then written: computed once (divisions × sources × months, built
        // from every fact and quarantined row), where each comparison and the write would build it again
        Dataset<Row> rows = compared ? table.persist(StorageLevel.MEMORY_AND_DISK()) : table;
        try {
            return writeCompleteness(rows, compared ? published : null, first, last);
        } finally {
            if (compared) {
                rows.unpersist();
            }
        }
    }

    /** Writes the completeness rows unless they equal the published ones; returns the months whose status changed. */
    private Set<YearMonth> writeCompleteness(Dataset<Row> table, Dataset<Row> published, YearMonth first,
                                             YearMonth last) {
        Set<YearMonth> changed = new TreeSet<>();
        boolean sameRows = false;
        if (published != null) {
            changed.addAll(DataCompleteness.changedMonths(table, published));
            sameRows = changed.isEmpty() && table.exceptAll(published).isEmpty() && published.exceptAll(table).isEmpty();
        } else {
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                changed.add(m);
            }
        }
        if (sameRows) {
            store.keep(OutputTable.COMPLETENESS); // the same rows: the published files stay as they are
            return changed;
        }
        TableStore.Routing routing = store.routing();
        int route = routing.to(OutputTable.COMPLETENESS, table.schema());
        routing.write(table.select(routing.row(lit(route), Map.of(OutputTable.COMPLETENESS,
                struct(Arrays.stream(table.columns()).map(functions::col).toArray(Column[]::new))), null)));
        return changed;
    }

    /**
     * Writes the county table (with each division's targets missed), the targets and the township
     * table for the periods of first..last. Their files hold one period type of one year each; with
     * {@code touched}, only the years (of a period type) that hold a touched period are computed
     * (their year-on-year bases from the facts of the year before), and the published files of the
     * other years are kept.
     */
    void writeTables(YearMonth first, YearMonth last, Set<Period> touched) {
        IndicatorTables.partitionedByDivision(spark, () -> writeTablesPartitionedByDivision(first, last, touched));
    }

    private void writeTablesPartitionedByDivision(YearMonth first, YearMonth last, Set<Period> touched) {
        List<Period> grid = Period.overlapping(first, last);
        Set<String> touchedFiles = new TreeSet<>();
        if (touched != null) {
            touched.forEach(p -> touchedFiles.add(fileOf(p)));
        }
        Set<Period> output = new LinkedHashSet<>();
        for (Period p : grid) {
            if (touched == null || touchedFiles.contains(fileOf(p))) {
                output.add(p);
            }
        }
        // only the periods written are computed: a period's year-before values come from the facts with
        // its own (IndicatorTables), not from the rows of the periods a year before; the year-end
        // projection of the records' last year reads the months of the year before, and those not
        // written are in files this run keeps: read as published (2.4M task rows, the 13th month: the
        // county table's grid 4 periods instead of 16)
        List<String> projectionMonthsKept = new ArrayList<>();
        for (Period p : grid) {
            if (p.type().equals(Period.MONTH) && p.start().getYear() == last.getYear() - 1 && !output.contains(p)) {
                projectionMonthsKept.add(p.label());
            }
        }
        IndicatorTables.Periods periods = new IndicatorTables.Periods(new ArrayList<>(output), first, last);
        Column periodList = periods.column();
        Dataset<Row> facts = store.read(OutputTable.FACTS);
        Set<String> files = new TreeSet<>();
        output.forEach(p -> files.add(fileOf(p)));

        Set<String> given = new TreeSet<>();
        DataCompleteness.sources().stream().filter(supplied::contains).forEach(x -> given.add(x.recordType().folder()));
        Dataset<Row> completeness = DataCompleteness.perPeriod(store.read(OutputTable.COMPLETENESS), periodList, given);
        Dataset<Row> everyComputed = IndicatorTables.countyTable(spark, facts, supplied, divisions, periods, model);
        List<String> keys = List.of(IndicatorTables.DIVISION_CODE, IndicatorTables.PERIOD_TYPE, IndicatorTables.PERIOD);
        List<Column> laidOut = new ArrayList<>();
        Arrays.stream(everyComputed.columns()).forEach(c -> laidOut.add(col(c)));
        Arrays.stream(completeness.columns()).filter(c -> !keys.contains(c)).forEach(c -> laidOut.add(col(c)));
        // the completeness columns after the indicators, in the table's order (a join puts its keys first).
        // These rows feed the county table, the targets and their year-end projections: computed once (a
        // small table, divisions × periods), where each would compute them again (docs/performance.md)
        Dataset<Row> computedCounty = everyComputed
                .join(completeness, CollectionConverters.asScala(keys).toSeq(), "left")
                .select(laidOut.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        TableStore.Routing routing = store.routing();
        Dataset<Row> countyRows = TargetEvaluation.withTargetsMissed(computedCounty, targets);
        Dataset<Row> projectionMonths = computedCounty;
        if (!projectionMonthsKept.isEmpty()) {
            projectionMonths = computedCounty.unionByName(store.readPublished(OutputTable.COUNTY_INDICATORS)
                    .filter(col(IndicatorTables.PERIOD_TYPE).equalTo(Period.MONTH)
                            .and(col(IndicatorTables.PERIOD).isin(projectionMonthsKept.toArray())))
                    .select(Arrays.stream(computedCounty.columns()).map(functions::col).toArray(Column[]::new)));
        }
        Dataset<Row> targetRows = YearEndProjection.withProjections(TargetEvaluation.evaluate(computedCounty, targets),
                projectionMonths, targets, first, last);
        Map<String, Integer> countyRoutes = routes(routing, OutputTable.COUNTY_INDICATORS, countyRows, files);
        Map<String, Integer> targetRoutes = routes(routing, OutputTable.TARGETS, targetRows, files);
        try {
            routing.write(byRoute(periodRows(routing, OutputTable.COUNTY_INDICATORS, countyRows, countyRoutes)
                    .union(periodRows(routing, OutputTable.TARGETS, targetRows, targetRoutes)), routing.size()));
        } finally {
            computedCounty.unpersist();
        }

        Dataset<Row> township = IndicatorTables.townshipTable(spark, facts, supplied, divisions, periods, model);
        TableStore.Routing townships = store.routing();
        Map<String, Integer> townshipRoutes = routes(townships, OutputTable.TOWNSHIP_INDICATORS, township, files);
        townships.write(byRoute(periodRows(townships, OutputTable.TOWNSHIP_INDICATORS, township, townshipRoutes),
                townships.size()));

        if (touched != null) {
            Set<String> others = new TreeSet<>();
            grid.stream().map(IndicatorStage::fileOf).filter(f -> !files.contains(f)).forEach(others::add);
            for (OutputTable t : List.of(OutputTable.COUNTY_INDICATORS, OutputTable.TARGETS,
                    OutputTable.TOWNSHIP_INDICATORS)) {
                store.carryOverFiles(t, others);
            }
        }
    }

    /** The file a period's rows are in: its type and its year ({@code month:2024}). */
    static String fileOf(Period p) {
        return p.type() + ":" + p.start().getYear();
    }

    /** A route per file (period type and year) for the table. */
    private static Map<String, Integer> routes(TableStore.Routing routing, OutputTable table, Dataset<Row> rows,
                                               Set<String> files) {
        StructType columns = withoutPeriodType(rows.schema());
        Map<String, Integer> routes = new LinkedHashMap<>();
        for (String file : files) {
            String[] typeYear = file.split(":");
            routes.put(file, routing.toPartition(table, columns, typeYear[0], typeYear[1]));
        }
        return routes;
    }

    /**
     * The table's columns but its partition column, from the schema: a {@code drop} would be a new
     * plan, analysed in full for no rows (a wide plan: 4% of a small run's driver time, JFR).
     */
    private static StructType withoutPeriodType(StructType columns) {
        return new StructType(Arrays.stream(columns.fields())
                .filter(f -> !f.name().equals(IndicatorTables.PERIOD_TYPE)).toArray(StructField[]::new));
    }

    /** Each route's rows in one task, so that it is one file. */
    private static Dataset<Row> byRoute(Dataset<Row> routed, int routes) {
        return routed.repartition(Math.max(1, routes), col(RoutedParquetWrite.ROUTE));
    }

    /** The rows in the routing's layout, each routed to its file (period type and year). */
    private static Dataset<Row> periodRows(TableStore.Routing routing, OutputTable table, Dataset<Row> rows,
                                           Map<String, Integer> routes) {
        List<Column> map = new ArrayList<>();
        routes.forEach((file, route) -> {
            map.add(lit(file));
            map.add(lit(route));
        });
        // every period label starts with its year: 2024, 2024-H1, 2024-Q2, 2024-06
        Column file = concat(col(IndicatorTables.PERIOD_TYPE), lit(":"), col(IndicatorTables.PERIOD).substr(1, 4));
        Column route = try_element_at(functions.map(map.toArray(new Column[0])), file);
        Column struct = struct(Arrays.stream(withoutPeriodType(rows.schema()).fieldNames()).map(functions::col)
                .toArray(Column[]::new));
        return rows.select(routing.row(route, Map.of(table, struct), null));
    }

    /**
     * Writes the audit of reported figures against the county table this run publishes (when the
     * input holds reported figures and there are periods to audit them against).
     */
    void writeAudit(boolean reportedSupplied) {
        Dataset<Row> county = store.read(OutputTable.COUNTY_INDICATORS);
        if (!reportedSupplied || county == null) {
            return;
        }
        Dataset<Row> reported = store.read(OutputTable.clean(RecordType.REPORTED_FIGURES));
        Dataset<Row> audit = ReportedFiguresAudit.audit(reported, county, Indicators.withYearOnYear());
        TableStore.Routing routing = store.routing();
        int route = routing.to(OutputTable.AUDIT, audit.schema());
        routing.write(audit.select(routing.row(lit(route), Map.of(OutputTable.AUDIT,
                struct(Arrays.stream(audit.columns()).map(functions::col).toArray(Column[]::new))), null)));
    }

    /** The sources whose record types were supplied. */
    static Set<IndicatorSource> supplied(Predicate<RecordType> supplied) {
        Set<IndicatorSource> out = EnumSet.noneOf(IndicatorSource.class);
        for (IndicatorSource s : IndicatorSource.values()) {
            if (supplied.test(s.recordType())) {
                out.add(s);
            }
        }
        return out;
    }
}
