package org.burdenwatch.incremental;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.indicators.Facts;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.validation.ValidatedSchema;

/**
 * How a run updates the monthly facts of the event sources, from its plan: keep the published
 * table when no record is new; per source, keep its published sums (type unchanged), add the new
 * files' sums to them (type appended), or sum every record (full run, type rebuilt). The facts'
 * files hold one year each: a run that only appends rewrites the years its new records fall in.
 */
public final class FactsUpdate {
    private final IncrementalPlan plan;
    private final boolean published;

    /** {@code published}: whether the output already holds a facts table. */
    public FactsUpdate(IncrementalPlan plan, boolean published) {
        this.plan = plan;
        this.published = published;
    }

    /** No record is new: the published facts are this run's, as they are. */
    public boolean keepsTable() {
        return published && plan.changesNothing();
    }

    /** Whether some source's published sums are carried into this run's facts. */
    public boolean readsPublished() {
        return published && plan.incremental();
    }

    /**
     * Whether this run may rewrite only the years of the facts where something changes and keep
     * the published files of the others: an incremental run in which no event source is summed from
     * all its records again (a type parsed again may change every year it has records in).
     */
    public boolean rewritesSomeYears() {
        return readsPublished() && Arrays.stream(IndicatorSource.values()).filter(IndicatorSource::isEvent)
                .noneMatch(s -> plan.of(s.recordType()).action() == IncrementalPlan.Action.REBUILD);
    }

    /** Whether the source's new files are summed and added to its published sums. */
    public boolean appends(IndicatorSource source) {
        return plan.of(source.recordType()).action() == IncrementalPlan.Action.APPEND;
    }

    /** The clean records of a source this run sums: the new files' only when its type is appended. */
    public Dataset<Row> recordsToSum(IndicatorSource source, Dataset<Row> clean) {
        if (!appends(source)) {
            return clean;
        }
        Set<String> fresh = new LinkedHashSet<>();
        plan.of(source.recordType()).toParse().forEach((SourceFile f) -> fresh.add(f.path()));
        return clean.filter(col(ValidatedSchema.SOURCE_FILE).isin(fresh.toArray()));
    }

    /**
     * A source's facts for this run from its published sums ({@code kept}, null when not read) and
     * the sums of the records it summed ({@code fresh}); both carry the boolean column {@code flag}
     * (true on a row that sums a new record).
     */
    public Dataset<Row> of(IndicatorSource source, Dataset<Row> kept, Dataset<Row> fresh, String flag) {
        return switch (plan.of(source.recordType()).action()) {
            case UNCHANGED -> kept;
            // the new records' sums added to the published ones: one row a key, as a full run has
            case APPEND -> Facts.summed(kept.unionByName(fresh), flag);
            default -> fresh;
        };
    }

    /** The flag column of {@link #facts}: true on a row that sums a record of this run. */
    public static final String NEW = "_new";

    /**
     * The facts this run writes, with the flag {@link #NEW}: every supplied event source summed per
     * county, township and month (an appending run sums only its new records and adds the published
     * sums of the rest, {@code published}: the published facts, null when not read), and the
     * platforms measured on every month of {@code platformYears}. With {@code years} (null: all),
     * only the facts of those years. Null when nothing is supplied to sum.
     *
     * @param clean     the clean table of each supplied event source
     * @param platforms the clean platforms, or null when not supplied
     */
    public Dataset<Row> facts(Map<IndicatorSource, Dataset<Row>> clean, Dataset<Row> platforms, Dataset<Row> published,
                              Set<Integer> platformYears, Set<Integer> years) {
        if (published != null && years != null) {
            published = published.filter(inYears(col(Facts.MONTH), years));
        }
        List<Dataset<Row>> parts = new ArrayList<>();
        for (Map.Entry<IndicatorSource, Dataset<Row>> e : clean.entrySet()) {
            IndicatorSource source = e.getKey();
            Dataset<Row> kept = published == null ? null
                    : published.filter(col(Facts.SOURCE).equalTo(source.name())).withColumn(NEW, lit(false));
            Dataset<Row> fresh = Facts.ofEvents(source, recordsToSum(source, e.getValue())).withColumn(NEW, lit(true));
            parts.add(of(source, kept, fresh, NEW));
        }
        List<YearMonth> platformMonths = new ArrayList<>();
        for (int y : platformYears) {
            if (years == null || years.contains(y)) {
                for (int m = 1; m <= 12; m++) {
                    platformMonths.add(YearMonth.of(y, m));
                }
            }
        }
        if (platforms != null && !platformMonths.isEmpty()) {
            parts.add(Facts.ofPlatforms(platforms, platformMonths).withColumn(NEW, lit(false)));
        }
        return parts.stream().reduce(Dataset::unionByName).orElse(null);
    }

    /** The years from {@code first} to {@code last}: those platforms are measured on. */
    public static Set<Integer> yearsOf(YearMonth first, YearMonth last) {
        Set<Integer> years = new TreeSet<>();
        for (int y = first.getYear(); y <= last.getYear(); y++) {
            years.add(y);
        }
        return years;
    }

    /** The facts' months within the given years. */
    private static Column inYears(Column month, Set<Integer> years) {
        Column any = lit(false);
        for (int y : years) {
            any = any.or(month.between(lit(LocalDate.of(y, 1, 1)), lit(LocalDate.of(y, 12, 31))));
        }
        return any;
    }

    /**
     * The years of the facts an appending run rewrites (when {@link #rewritesSomeYears}): those the
     * new clean records of the appended sources fall in (one small job over their dates), and those
     * the platforms' months ({@code platformYears}) grow into beyond the {@code published} ones. An
     * empty set: the published facts stay as they are. {@code clean}: the clean table of each
     * supplied event source.
     */
    public Set<Integer> yearsToRewrite(Map<IndicatorSource, Dataset<Row>> clean, Set<Integer> platformYears,
                                       Set<Integer> published) {
        Set<Integer> years = new TreeSet<>(platformYears);
        years.removeAll(published);
        Dataset<Row> dates = null;
        for (Map.Entry<IndicatorSource, Dataset<Row>> e : clean.entrySet()) {
            IndicatorSource source = e.getKey();
            if (source.isEvent() && appends(source)) {
                Dataset<Row> y = recordsToSum(source, e.getValue()).select(year(col(source.eventDate())).as("year"));
                dates = dates == null ? y : dates.union(y);
            }
        }
        if (dates != null) {
            for (Row r : dates.distinct().collectAsList()) {
                years.add(r.getInt(0));
            }
        }
        return years;
    }
}
