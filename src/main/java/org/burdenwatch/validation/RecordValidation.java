package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.burdenwatch.validation.ValidatedSchema.NATURAL_KEY;
import static org.burdenwatch.validation.ValidatedSchema.RAW;
import static org.burdenwatch.validation.ValidatedSchema.RAW_LENGTH;
import static org.burdenwatch.validation.ValidatedSchema.RAW_SHA256;
import static org.burdenwatch.validation.ValidatedSchema.REASONS;
import static org.burdenwatch.validation.ValidatedSchema.SOURCE_FILE;
import static org.burdenwatch.validation.ValidatedSchema.SOURCE_LINE;
import static org.burdenwatch.validation.ValidatedSchema.UNKNOWN_KEYS;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.input.RecordFileSource;
import org.burdenwatch.input.RawRecordReader;
import org.burdenwatch.records.DivisionRole;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordRule;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.Vocabularies;

/**
 * Validation compiled from the declarations of a record type into one Catalyst query: every field
 * parsed by its kind ({@link ValueColumns}), its division references checked by a broadcast join to
 * the accepted divisions, every record rule checked, and every broken rule kept as a reason code in
 * field order (never just the first). The rows come from {@link RecordFileSource}: file, line, raw
 * text, the problems met while reading, and each field's text.
 *
 * <p>Reason codes read {@code code:field}, e.g. {@code invalid_date:issued_on}. A record that could
 * not be read as its format says ({@code malformed_json}, {@code unterminated_quote}) gets that
 * reason only, and no values.
 */
public final class RecordValidation {
    private RecordValidation() {
    }

    public static final String MISSING_REQUIRED = "missing_required";
    public static final String UNKNOWN_DIVISION = "unknown_division";
    public static final String NOT_A_COUNTY = "not_a_county";
    public static final String NOT_A_TOWNSHIP = "not_a_township";
    public static final String TOWNSHIP_NOT_IN_COUNTY = "township_not_in_county";

    private static final String UNREADABLE = "_unreadable";

    /**
     * The validated rows of a record type: lineage, raw text, every reason, unknown keys, the
     * natural key, every field typed (dates as DATE, timestamps as TIMESTAMP, …), and each
     * timestamp's Asia/Shanghai date and wall-clock time.
     */
    public static Dataset<Row> validate(Dataset<Row> read, RecordType type, ValidationContext context) {
        SparkSession spark = read.sparkSession();
        String zone = spark.conf().get("spark.sql.session.timeZone");
        if (!ValueColumns.ZONE.equals(zone)) {
            throw new IllegalStateException("validation reads times without an offset in the session time zone, which "
                    + "must be " + ValueColumns.ZONE + ", not " + zone);
        }
        Column unreadable = array_contains(col(RecordFileSource.PROBLEMS), RawRecordReader.MALFORMED_JSON)
                .or(array_contains(col(RecordFileSource.PROBLEMS), RawRecordReader.UNTERMINATED_QUOTE))
                .or(array_contains(col(RecordFileSource.PROBLEMS), RawRecordReader.LINE_TOO_LONG))
                .or(array_contains(col(RecordFileSource.PROBLEMS), RawRecordReader.UNREADABLE_WORKBOOK));
        List<Column> base = List.of(col(SOURCE_FILE), col(SOURCE_LINE), col(RAW), col(RAW_LENGTH), col(RAW_SHA256),
                col(RecordFileSource.PROBLEMS), col(UNKNOWN_KEYS), col(UNREADABLE));
        // three small projections, each over the columns of the one before: text, candidate value,
        // then value and reason (one deep expression per field would be too big to plan and compile)
        List<Column> texts = new ArrayList<>(List.of(col(SOURCE_FILE), col(SOURCE_LINE), col(RAW), col(RAW_LENGTH),
                col(RAW_SHA256), col(RecordFileSource.PROBLEMS), col(UNKNOWN_KEYS), unreadable.as(UNREADABLE)));
        List<Column> candidates = new ArrayList<>(base);
        List<Column> parsed = new ArrayList<>(base);
        for (Field f : type.fields()) {
            Column t = ValueColumns.text(col(f.name()));
            texts.add((f.defaultValue() == null ? t : coalesce(t, lit(f.defaultValue()))).as(textOf(f)));
            candidates.add(col(textOf(f)));
            candidates.add(ValueColumns.candidate(f, col(textOf(f)), context).as(candidateOf(f)));
            Column text = col(textOf(f));
            Column value = col(candidateOf(f));
            Column outside = ValueColumns.outOfRange(f, value, context);
            Column missing = f.isRequired() ? lit(MISSING_REQUIRED + ":" + f.name()) : lit(null).cast(DataTypes.StringType);
            parsed.add(when(col(UNREADABLE).unary_$bang().and(outside.unary_$bang()), value).as(f.name()));
            parsed.add(when(text.isNull(), missing)
                    .when(value.isNull(), lit(ValueColumns.invalid(f) + ":" + f.name()))
                    .when(outside, lit("out_of_range:" + f.name())).as(reasonOf(f)));
        }
        Dataset<Row> rows = read.select(texts.toArray(new Column[0])).select(candidates.toArray(new Column[0]))
                .select(parsed.toArray(new Column[0]));
        List<Column> reasons = new ArrayList<>();
        for (Field f : type.fields()) {
            reasons.add(col(reasonOf(f)));
        }
        if (type != RecordType.DIVISIONS) {
            rows = withDivisionReferences(rows, type, context.divisions(), reasons);
        }
        for (RecordRule rule : type.rules()) {
            Column applies = lit(true);
            for (String f : rule.fields()) {
                applies = applies.and(col(f).isNotNull());
            }
            reasons.add(when(applies.and(rule.holds().unary_$bang()), lit(rule.reason())));
        }
        Column found = array_compact(array(reasons.toArray(new Column[0])));
        Column all = when(col(UNREADABLE), col(RecordFileSource.PROBLEMS))
                .when(size(col(RecordFileSource.PROBLEMS)).gt(0), concat(col(RecordFileSource.PROBLEMS),
                        withoutSecondReasons(found, type)))
                .otherwise(concat(col(RecordFileSource.PROBLEMS), found));
        List<Column> out = new ArrayList<>(List.of(col(SOURCE_FILE), col(SOURCE_LINE), col(RAW), col(RAW_LENGTH),
                col(RAW_SHA256), all.as(REASONS), col(UNKNOWN_KEYS), Validation.naturalKeyOf(type).as(NATURAL_KEY)));
        for (Field f : type.fields()) {
            out.add(col(f.name()));
        }
        for (Field f : ValidatedSchema.timestampFields(type)) {
            out.add(to_date(col(f.name())).as(f.localDateColumn()));
            out.add(date_format(col(f.name()), "HH:mm:ss").as(f.localTimeColumn()));
        }
        return rows.select(out.toArray(new Column[0]));
    }

    /**
     * A workbook's cell that is an error value or a formula without a result names its field's
     * problem (invalid_cell:title): the field gives no second reason (missing_required:title).
     * Evaluated only for a row with a reading problem: a clean file's rows pay one size test.
     */
    private static Column withoutSecondReasons(Column found, RecordType type) {
        List<Column> second = new ArrayList<>();
        for (Field f : type.fields()) {
            if (!f.isRequired()) {
                continue;
            }
            Column cellProblem = lit(false);
            for (String code : RawRecordReader.CELL_PROBLEMS) {
                cellProblem = cellProblem.or(array_contains(col(RecordFileSource.PROBLEMS), code + ":" + f.name()));
            }
            second.add(when(cellProblem, lit(MISSING_REQUIRED + ":" + f.name())));
        }
        if (second.isEmpty()) {
            return found;
        }
        Column suppressed = array_compact(array(second.toArray(new Column[0])));
        return filter(found, r -> not(array_contains(suppressed, r)));
    }

    private static String reasonOf(Field f) {
        return "_r_" + f.name();
    }

    private static String textOf(Field f) {
        return "_t_" + f.name();
    }

    private static String candidateOf(Field f) {
        return "_c_" + f.name();
    }

    /**
     * A county field names a known county or prefecture; a township field a known township of the
     * record's county. Checked by a left join per division field to the accepted divisions (a
     * broadcast table of code and kind, built from the directory: ≈ 45,000 rows nationally), so
     * that neither the plan nor its evaluation holds a list of every code. An accepted township's
     * code extends its county's (the divisions' own rule), so its county is the first six digits.
     */
    private static Dataset<Row> withDivisionReferences(Dataset<Row> rows, RecordType type, DivisionDirectory divisions,
                                                       List<Column> reasons) {
        String county = null;
        for (Field f : type.fields()) {
            if (f.divisionRole() == DivisionRole.NONE) {
                continue;
            }
            String kindColumn = "_kind_" + f.name();
            Dataset<Row> kinds = broadcast(divisionKinds(rows.sparkSession(), divisions)
                    .select(col(KIND_CODE).as("_code_" + f.name()), col(KIND).as(kindColumn)));
            rows = rows.join(kinds, col(f.name()).equalTo(col("_code_" + f.name())), "left");
            Column code = col(f.name());
            Column kind = col(kindColumn);
            Column given = code.isNotNull();
            Column unknown = kind.isNull();
            if (f.divisionRole() == DivisionRole.COUNTY) {
                county = f.name();
                reasons.add(when(given.and(unknown), lit(UNKNOWN_DIVISION + ":" + f.name()))
                        .when(given.and(kind.notEqual(lit(COUNTY_KIND))), lit(NOT_A_COUNTY + ":" + f.name())));
            } else {
                Column outside = county == null ? lit(false)
                        : col(county).isNotNull().and(code.substr(1, 6).notEqual(col(county)));
                reasons.add(when(given.and(unknown), lit(UNKNOWN_DIVISION + ":" + f.name()))
                        .when(given.and(kind.notEqual(lit(TOWNSHIP_KIND))), lit(NOT_A_TOWNSHIP + ":" + f.name()))
                        .when(given.and(outside), lit(TOWNSHIP_NOT_IN_COUNTY + ":" + f.name())));
            }
        }
        return rows;
    }

    private static final String KIND_CODE = "code";
    private static final String KIND = "kind";
    private static final String COUNTY_KIND = "county";
    private static final String TOWNSHIP_KIND = "township";

    /** Every accepted division's code and what a reference may take it for: county (or prefecture), township, other. */
    static Dataset<Row> divisionKinds(SparkSession spark, DivisionDirectory divisions) {
        List<Row> rows = new ArrayList<>();
        for (DivisionDirectory.Division d : divisions.all()) {
            String kind = Vocabularies.TOWNSHIP.equals(d.level()) ? TOWNSHIP_KIND
                    : divisions.isCountyOrPrefecture(d.code()) ? COUNTY_KIND : "other";
            rows.add(RowFactory.create(d.code(), kind));
        }
        return spark.createDataFrame(rows, new StructType().add(KIND_CODE, DataTypes.StringType, false)
                .add(KIND, DataTypes.StringType, false));
    }
}
