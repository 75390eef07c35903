package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.inline;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.records.TargetsFile.CompletenessRules;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValidatedSchema;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Whether the records behind a figure are complete: a county that stops registering its documents
 * shows a month without burden, not a month without records. Per county (and prefecture), record
 * source and month: the accepted, quarantined and duplicate records, and a status from the
 * division's own history ({@link CompletenessRules}); per period, how many months of each source
 * are complete, and whether the whole period is ({@code data_complete}), which the targets need
 * before they call a target met.
 */
public final class DataCompleteness {
    private DataCompleteness() {
    }

    public static final String OK = "ok";
    public static final String MISSING = "missing";
    public static final String SPARSE = "sparse";
    public static final String QUARANTINE_HEAVY = "quarantine_heavy";
    public static final String NO_HISTORY = "no_history";
    /** The statuses that are gaps in a period's data (every other status is fine). */
    static final List<String> GAPS = List.of(MISSING, QUARANTINE_HEAVY, SPARSE);
    /** The most months a period holds (a year). */
    private static final int MONTHS_IN_PERIOD = 12;

    /** The columns of the counts given to {@link #monthly}: one row per source, county and month (sums). */
    public static final String SOURCE = "source";
    public static final String COUNTY = "county_code";
    public static final String MONTH = "month";
    public static final String ACCEPTED = "accepted";
    public static final String QUARANTINED = "quarantined";
    public static final String DUPLICATES = "duplicates";

    public static final String DATA_COMPLETE = "data_complete";
    public static final String DATA_GAPS = "data_gaps";

    /** The event sources whose records are checked, by record folder. */
    public static List<IndicatorSource> sources() {
        return Arrays.stream(IndicatorSource.values()).filter(IndicatorSource::isEvent).toList();
    }

    public static List<String> sourceNames() {
        return sources().stream().map(s -> s.recordType().folder()).toList();
    }

    /** The folders of the checked sources among those supplied: the sources a completeness table holds. */
    public static List<String> sourceNames(Set<IndicatorSource> supplied) {
        return sources().stream().filter(supplied::contains).map(s -> s.recordType().folder()).toList();
    }

    /**
     * The completeness table: every division of the county table × supplied source × month of
     * first..last, with its counts (a prefecture's are its counties' and its own) and status.
     *
     * @param counts rows of (source folder, county_code, month DATE, accepted, quarantined, duplicates);
     *               several rows of one key are summed, nulls count as 0
     */
    public static Dataset<Row> monthly(SparkSession spark, Dataset<Row> counts, DivisionDirectory divisions,
                                       List<String> supplied, YearMonth first, YearMonth last, CompletenessRules rules) {
        List<Row> divisionRows = new ArrayList<>();
        for (DivisionDirectory.Division d : divisions.all()) {
            if (Indicators.COUNTY_TABLE_LEVELS.contains(d.level())) {
                divisionRows.add(RowFactory.create(d.code()));
            }
        }
        List<Row> monthRows = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            monthRows.add(RowFactory.create(m.atDay(1)));
        }
        List<Row> sourceRows = supplied.stream().map(s -> (Row) RowFactory.create(s)).toList();
        Dataset<Row> grid = spark.createDataFrame(divisionRows, new StructType().add("division_code", DataTypes.StringType))
                .crossJoin(spark.createDataFrame(sourceRows, new StructType().add(SOURCE, DataTypes.StringType)))
                .crossJoin(spark.createDataFrame(monthRows, new StructType().add(MONTH, DataTypes.DateType)));
        Dataset<Row> attributed = counts.join(broadcast(IndicatorTables.rollup(spark, divisions)),
                col(COUNTY).equalTo(col(IndicatorTables.RECORD_COUNTY)));
        Dataset<Row> summed = attributed.groupBy(col("division_code"), col(SOURCE), col(MONTH)).agg(
                sum(coalesce(col(ACCEPTED), lit(0L))).as(ACCEPTED),
                sum(coalesce(col(QUARANTINED), lit(0L))).as(QUARANTINED),
                sum(coalesce(col(DUPLICATES), lit(0L))).as(DUPLICATES));
        Dataset<Row> filled = grid.join(summed, CollectionConverters.asScala(
                        List.of("division_code", SOURCE, MONTH)).toSeq(), "left")
                .select(col("division_code"), col(SOURCE), col(MONTH),
                        coalesce(col(ACCEPTED), lit(0L)).as(ACCEPTED),
                        coalesce(col(QUARANTINED), lit(0L)).as(QUARANTINED),
                        coalesce(col(DUPLICATES), lit(0L)).as(DUPLICATES));
        return withStatus(filled, rules).select(col("division_code"), col(SOURCE),
                date_format(col(MONTH), "yyyy-MM").as(MONTH), col(ACCEPTED), col(QUARANTINED), col(DUPLICATES),
                col("quarantined_share"), col("status"));
    }

    /** The status of each month from the counts and the 12 months before it (the grid holds every month). */
    static Dataset<Row> withStatus(Dataset<Row> filled, CompletenessRules rules) {
        WindowSpec preceding = Window.partitionBy(col("division_code"), col(SOURCE)).orderBy(col(MONTH))
                .rowsBetween(-12, -1);
        Column history = collect_list(col(ACCEPTED)).over(preceding);
        Dataset<Row> t = filled.withColumn("_history", array_sort(history));
        Column n = size(col("_history"));
        Column withRecords = size(filter(col("_history"), x -> x.gt(0)));
        // the median of the sorted history: the middle value, or the mean of the two middle values
        Column middle = n.divide(2).cast("int");
        Column median = when(n.equalTo(0), lit(null).cast(DataTypes.DoubleType))
                .when(n.mod(2).equalTo(1), element_at(col("_history"), middle.plus(1)).cast(DataTypes.DoubleType))
                .otherwise(element_at(col("_history"), middle).plus(element_at(col("_history"), middle.plus(1)))
                        .cast(DataTypes.DoubleType).divide(2));
        Column total = col(ACCEPTED).plus(col(QUARANTINED)).plus(col(DUPLICATES));
        Column share = when(total.equalTo(0), lit(null).cast(DataTypes.DoubleType))
                .otherwise(col(QUARANTINED).cast(DataTypes.DoubleType).divide(total));
        Column enoughHistory = n.geq(rules.minHistoryMonths());
        Column status = when(enoughHistory.and(col(ACCEPTED).equalTo(0)).and(withRecords.geq(rules.missingMinMonths())),
                        lit(MISSING))
                .when(enoughHistory.and(median.geq(rules.sparseMinMedian()))
                        .and(col(ACCEPTED).lt(median.multiply(rules.sparseShare()))), lit(SPARSE))
                .when(share.gt(rules.quarantineHeavyShare()), lit(QUARANTINE_HEAVY))
                .when(enoughHistory.unary_$bang(), lit(NO_HISTORY))
                .otherwise(lit(OK));
        return t.withColumn("quarantined_share", share).withColumn("status", status).drop("_history");
    }

    /**
     * Per division and period: for every source, the months of the period whose records are ok or
     * no_history and the months in the period; {@code data_complete} when every source was supplied
     * and every month of the period is complete; {@code data_gaps} saying why not.
     *
     * @param completeness the table {@link #monthly} wrote
     * @param periods      the periods ({@link IndicatorTables#periodList}): each month is placed in
     *                     those that hold it, by a generator and a filter in the tasks (a join with a
     *                     broadcast table of periods would cost a Spark job of its own)
     */
    public static Dataset<Row> perPeriod(Dataset<Row> completeness, Column periods, Set<String> supplied) {
        Column monthDate = to_date(concat(col(MONTH), lit("-01")));
        Dataset<Row> placed = completeness.withColumn("_m", monthDate).select(col("*"), inline(periods))
                .drop("period_complete", IndicatorTables.YEAR_BEFORE_COMPLETE)
                .filter(col("_m").between(col("period_start"), col("period_end")));
        Column fine = col("status").isin(OK, NO_HISTORY);
        List<Column> aggs = new ArrayList<>();
        for (String s : sourceNames()) {
            Column ofSource = col(SOURCE).equalTo(s);
            aggs.add(sum(when(ofSource.and(fine), lit(1L)).otherwise(lit(0L))).as("_" + s + "_ok"));
            aggs.add(sum(when(ofSource, lit(1L)).otherwise(lit(0L))).as("_" + s + "_present"));
        }
        // the months whose status is a gap, as one bit per month of the period for each source and gap
        // status: sums that stay a hash aggregate, where a list of texts per group falls back to sorting
        // (2M task rows: ≈ 15 CPU-s for the county table's periods)
        Column monthBit = call_function("shiftleft", lit(1L),
                months_between(col("_m"), col("period_start")).cast(DataTypes.IntegerType));
        for (String s : sourceNames()) {
            for (String gap : GAPS) {
                aggs.add(bit_or(when(col(SOURCE).equalTo(s).and(col("status").equalTo(gap)), monthBit))
                        .as(gapBits(s, gap)));
            }
        }
        aggs.add(max(col("period_start")).as("period_start"));
        aggs.add(max(col("period_end")).as("period_end"));
        Dataset<Row> grouped = placed.groupBy(col("division_code"), col("period_type"), col("period"))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
        Column inPeriod = months_between(date_add(col("period_end"), 1),
                col("period_start")).cast(DataTypes.LongType);
        List<Column> out = new ArrayList<>(List.of(col("division_code"), col("period_type"), col("period")));
        Column complete = lit(true);
        List<Column> gaps = new ArrayList<>();
        gaps.add(gapMonths());
        for (String s : sourceNames()) {
            boolean given = supplied.contains(s);
            out.add((given ? col("_" + s + "_ok") : lit(null).cast(DataTypes.LongType)).as(s + "_months_complete"));
            out.add(inPeriod.as(s + "_months_in_period"));
            if (given) {
                complete = complete.and(col("_" + s + "_ok").equalTo(inPeriod));
                gaps.add(when(col("_" + s + "_present").lt(inPeriod), concat(lit(s + " "),
                        col("_" + s + "_present").cast("string"), lit(" of "), inPeriod.cast("string"),
                        lit(" months recorded"))));
            } else {
                complete = lit(false);
                gaps.add(lit(s + " not supplied"));
            }
        }
        Column gapText = concat_ws("; ", gaps.toArray(Column[]::new));
        out.add(complete.as(DATA_COMPLETE));
        out.add(when(complete, lit(null).cast(DataTypes.StringType)).otherwise(gapText).as(DATA_GAPS));
        return grouped.select(out.toArray(Column[]::new));
    }

    private static String gapBits(String source, String gap) {
        return "_" + source + "_" + gap + "_months";
    }

    /**
     * "source yyyy-MM status" for every gap month of the period, in text order (source, then month),
     * joined by "; "; null when there is none. From the bits {@link #perPeriod} sums: per source one
     * small expression over the period's month numbers (a literal per source × month × status would
     * be one generated method too big to compile).
     */
    private static Column gapMonths() {
        List<String> sources = new ArrayList<>(sourceNames());
        // in the order of the texts they start: "a b…" before "a_b…" before "ab…" (a name and a space)
        sources.sort((a, b) -> (a + " ").compareTo(b + " "));
        List<Column> texts = new ArrayList<>();
        Column any = lit(false);
        for (String s : sources) {
            for (String gap : GAPS) {
                any = any.or(coalesce(col(gapBits(s, gap)), lit(0L)).notEqual(0L));
            }
            texts.add(transform(sequence(lit(0), lit(MONTHS_IN_PERIOD - 1)), m -> {
                Column month = date_format(add_months(col("period_start"), m), "yyyy-MM");
                Column text = lit(null).cast(DataTypes.StringType);
                for (String gap : GAPS) {
                    Column bits = coalesce(col(gapBits(s, gap)), lit(0L));
                    Column set = call_function("shiftright", bits, m).bitwiseAND(lit(1L)).equalTo(1L);
                    text = when(set, concat(lit(s + " "), month, lit(" " + gap))).otherwise(text);
                }
                return text;
            }));
        }
        return when(any, concat_ws("; ", texts.toArray(Column[]::new))); // nulls in the lists are skipped
    }

    /** One source's record tables as validation left them: clean, quarantine, duplicates (null when absent). */
    public record SourceRecords(Dataset<Row> clean, Dataset<Row> quarantine, Dataset<Row> duplicates) {
    }

    /**
     * The counts a month's completeness is judged on, per source folder, county and month: accepted
     * records from the monthly facts (their {@code records}), quarantined ones whose county and month
     * were readable, and duplicates, each counted in the month of the copy kept (same natural key).
     * {@code records} holds the tables of every supplied event source; {@code facts} may be null.
     * Columns: {@link #SOURCE}, {@link #COUNTY}, {@link #MONTH}, {@link #ACCEPTED},
     * {@link #QUARANTINED}, {@link #DUPLICATES}; a row per source and count, to be summed by
     * {@link #monthly}.
     */
    public static Dataset<Row> counts(SparkSession spark, Dataset<Row> facts, Map<IndicatorSource, SourceRecords> records) {
        Dataset<Row> counts = null;
        Column sourceFolder = lit(null).cast("string");
        for (IndicatorSource source : sources()) {
            if (records.containsKey(source)) {
                sourceFolder = when(col(Facts.SOURCE).equalTo(source.name()), lit(source.recordType().folder()))
                        .otherwise(sourceFolder);
            }
        }
        if (facts != null) {
            counts = facts.filter(col(Facts.RECORDS).isNotNull()).select(sourceFolder.as(SOURCE),
                    col(Facts.COUNTY).as(COUNTY), col(Facts.MONTH).as(MONTH), col(Facts.RECORDS).as(ACCEPTED),
                    lit(0L).as(QUARANTINED), lit(0L).as(DUPLICATES));
        }
        Dataset<Row> keptCopies = null;
        Dataset<Row> repeats = null;
        for (IndicatorSource source : sources()) {
            SourceRecords tables = records.get(source);
            if (tables == null) {
                continue;
            }
            Column folder = lit(source.recordType().folder()).as(SOURCE);
            if (tables.quarantine() != null) {
                counts = union(counts, tables.quarantine().filter(col(ValidatedSchema.QUARANTINE_DIVISION).isNotNull()
                                .and(col(ValidatedSchema.QUARANTINE_MONTH).isNotNull()))
                        .groupBy(col(ValidatedSchema.QUARANTINE_DIVISION).as(COUNTY),
                                col(ValidatedSchema.QUARANTINE_MONTH).as(MONTH))
                        .agg(count(lit(1)).as(QUARANTINED))
                        .select(folder, col(COUNTY), col(MONTH), lit(0L).as(ACCEPTED), col(QUARANTINED),
                                lit(0L).as(DUPLICATES)));
            }
            if (tables.duplicates() != null && tables.clean() != null) {
                keptCopies = union(keptCopies, tables.clean().select(folder,
                        col(ValidatedSchema.SOURCE_FILE).as("_k_file"), col(ValidatedSchema.SOURCE_LINE).as("_k_line"),
                        col(Facts.COUNTY).as(COUNTY), trunc(col(source.eventDate()), "month").as(MONTH)));
                repeats = union(repeats, tables.duplicates().select(col("kept_source_file"), col("kept_source_line")));
            }
        }
        if (repeats != null) {
            // a repeat counts in the month of the copy kept: one join for every type, as a file holds
            // records of one type only
            counts = union(counts, keptCopies.join(repeats, col("kept_source_file").equalTo(col("_k_file"))
                            .and(col("kept_source_line").equalTo(col("_k_line"))))
                    .groupBy(col(SOURCE), col(COUNTY), col(MONTH))
                    .agg(count(lit(1)).as(DUPLICATES))
                    .select(col(SOURCE), col(COUNTY), col(MONTH), lit(0L).as(ACCEPTED), lit(0L).as(QUARANTINED),
                            col(DUPLICATES)));
        }
        return counts != null ? counts : spark.createDataFrame(List.of(), new StructType().add(SOURCE, "string")
                .add(COUNTY, "string").add(MONTH, "date").add(ACCEPTED, "long").add(QUARANTINED, "long")
                .add(DUPLICATES, "long"));
    }

    private static Dataset<Row> union(Dataset<Row> a, Dataset<Row> b) {
        return a == null ? b : a.unionByName(b);
    }

    /**
     * The months whose status differs between two completeness tables ({@code now}, the one
     * published): new or gone rows included. The indicator tables and targets depend on a month's
     * status only, so their periods are the ones a rerun recomputes.
     */
    public static Set<YearMonth> changedMonths(Dataset<Row> now, Dataset<Row> published) {
        Column[] status = {col("division_code"), col(SOURCE), col(MONTH), col("status")};
        Dataset<Row> a = now.select(status);
        Dataset<Row> b = published.select(status);
        Set<YearMonth> changed = new TreeSet<>();
        for (Row r : a.exceptAll(b).union(b.exceptAll(a)).select(MONTH).distinct().collectAsList()) {
            changed.add(YearMonth.parse(r.getString(0)));
        }
        return changed;
    }

    /**
     * A run's completeness table against the published one: the months whose status changed (every
     * month of first..last when nothing is published, or the published table has other columns), and
     * whether the rows are the same (then the published table can stay as it is).
     */
    public record Comparison(Set<YearMonth> changedMonths, boolean sameRows) {
    }

    /** Compares {@code now} with {@code published} (null: none); see {@link Comparison}. */
    public static Comparison compare(Dataset<Row> now, Dataset<Row> published, YearMonth first, YearMonth last) {
        if (published == null || !Arrays.asList(published.columns()).equals(Arrays.asList(now.columns()))) {
            Set<YearMonth> all = new TreeSet<>();
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                all.add(m);
            }
            return new Comparison(all, false);
        }
        Set<YearMonth> changed = changedMonths(now, published);
        SparkSession spark = now.sparkSession();
        return new Comparison(changed, changed.isEmpty() && SparkTuning.isEmpty(spark, now.exceptAll(published))
                && SparkTuning.isEmpty(spark, published.exceptAll(now)));
    }
}
