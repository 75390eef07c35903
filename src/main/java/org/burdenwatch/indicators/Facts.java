package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.inline;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.validation.ValidatedTables;

/**
 * The monthly facts the indicator tables are computed from: one row per record source, county,
 * township (null when a record names none) and month, with the sum of the measure of every
 * indicator of that source (null for the indicators of other sources). Events fall in the month of
 * their date (Asia/Shanghai); platforms are measured on every month of the periods (their state
 * at the month's end). Records are aggregated once, here; periods, the prefecture roll-up, the
 * division grid and year-on-year are then computed from this small table.
 */
public final class Facts {
    private Facts() {
    }

    public static final String SOURCE = "source";
    public static final String COUNTY = "county_code";
    public static final String TOWNSHIP = "township_code";
    public static final String MONTH = "month";
    /** The accepted records summed into the row (events; null for platforms, which are states). */
    public static final String RECORDS = "records";
    /** Of those, the records that arrived late (补录, {@code late} in clean/): the county table's late_records. */
    public static final String LATE = "late_records";

    /** The facts table's columns: source, county, township, month, then every indicator of the catalogue. */
    /**
     * Rows of the facts with the same key (source, county, township, month) summed into one, and
     * the boolean {@code flag} true when it is in any of them: how an incremental run adds its new
     * records' sums to the published ones. Every buffer is a fixed-width value, so Spark sums in a
     * hash aggregate (an array gathered per key would take the object aggregate, which sorts past
     * 128 keys a task: an incremental run's facts took longer than a full run's).
     */
    public static Dataset<Row> summed(Dataset<Row> facts, String flag) {
        List<Column> sums = new ArrayList<>();
        for (StructField f : schema().fields()) {
            if (f.dataType() == DataTypes.LongType) {
                sums.add(sum(col(f.name())).cast(DataTypes.LongType).as(f.name()));
            }
        }
        sums.add(max(col(flag)).as(flag));
        return facts.groupBy(col(SOURCE), col(COUNTY), col(TOWNSHIP), col(MONTH))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    }

    public static StructType schema() {
        StructType s = new StructType().add(SOURCE, DataTypes.StringType, false).add(COUNTY, DataTypes.StringType)
                .add(TOWNSHIP, DataTypes.StringType).add(MONTH, DataTypes.DateType).add(RECORDS, DataTypes.LongType)
                .add(LATE, DataTypes.LongType);
        for (Indicator i : Indicators.ALL) {
            s = s.add(i.name(), DataTypes.LongType);
        }
        return s;
    }

    /** The facts of one event source's clean records. */
    public static Dataset<Row> ofEvents(IndicatorSource source, Dataset<Row> clean) {
        Column township = Arrays.asList(clean.columns()).contains(TOWNSHIP) ? col(TOWNSHIP)
                : lit(null).cast(DataTypes.StringType);
        List<Column> sums = new ArrayList<>(List.of(count(lit(1)).as(RECORDS),
                sum(when(col(ValidatedTables.LATE), 1L).otherwise(0L)).cast(DataTypes.LongType).as(LATE)));
        for (Indicator i : Indicators.ALL) {
            if (i.source() == source) {
                sums.add(sum(i.measure()).cast(DataTypes.LongType).as(i.name()));
            }
        }
        Dataset<Row> summed = clean.groupBy(col(COUNTY), township.as(TOWNSHIP),
                        trunc(col(source.eventDate()), "month").as(MONTH))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
        return inSchema(summed, source);
    }

    /**
     * The facts of platforms: each platform measured on each of the months given (a state at the
     * month's end, or a retirement within it), summed per county, township and month.
     */
    public static Dataset<Row> ofPlatforms(Dataset<Row> platforms, List<YearMonth> months) {
        // the months as a literal array inlined on each platform: a generator in the tasks, where a
        // cross join with a broadcast table of months costs a Spark job of its own
        List<Column> rows = new ArrayList<>();
        for (YearMonth m : months) {
            rows.add(struct(lit(m.atDay(1)), lit(m.atEndOfMonth())));
        }
        StructType monthSchema = new StructType().add("period_start", DataTypes.DateType, false)
                .add("period_end", DataTypes.DateType, false);
        Column monthList = array(rows.toArray(Column[]::new)).cast(DataTypes.createArrayType(monthSchema, false));
        List<Column> sums = new ArrayList<>();
        for (Indicator i : Indicators.ALL) {
            if (i.source() == IndicatorSource.PLATFORMS) {
                sums.add(sum(i.measure()).cast(DataTypes.LongType).as(i.name()));
            }
        }
        Dataset<Row> summed = platforms.select(col("*"), inline(monthList))
                .groupBy(col(COUNTY), col(TOWNSHIP), col("period_start").as(MONTH))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
        return inSchema(summed, IndicatorSource.PLATFORMS);
    }

    private static Dataset<Row> inSchema(Dataset<Row> summed, IndicatorSource source) {
        List<Column> out = new ArrayList<>(List.of(lit(source.name()).as(SOURCE), col(COUNTY), col(TOWNSHIP), col(MONTH),
                source.isEvent() ? col(RECORDS) : lit(null).cast(DataTypes.LongType).as(RECORDS),
                source.isEvent() ? col(LATE) : lit(null).cast(DataTypes.LongType).as(LATE)));
        for (Indicator i : Indicators.ALL) {
            out.add(i.source() == source ? col(i.name()) : lit(null).cast(DataTypes.LongType).as(i.name()));
        }
        return summed.select(out.toArray(new Column[0]));
    }

    /** The month of a date as a collected row holds it (java.sql.Date, or LocalDate with Spark's Java 8 API). */
    public static YearMonth monthOf(Object date) {
        return YearMonth.from(date instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) date);
    }
}
