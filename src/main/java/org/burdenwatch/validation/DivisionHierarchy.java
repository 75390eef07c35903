package org.burdenwatch.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.Vocabularies;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The divisions' own reference rules, which need the whole table: a county's parent is a known
 * prefecture, a township's parent a known county whose code the township's extends. Divisions are
 * reference data (a country has about 45,000): they are validated by Catalyst, collected once (the
 * run needs them on the driver for the division grid anyway), checked here, and written from there.
 */
public final class DivisionHierarchy {
    private DivisionHierarchy() {
    }

    public static final String UNKNOWN_PARENT = "unknown_parent";
    public static final String TOWNSHIP_OUTSIDE_PARENT = "township_code_outside_parent";

    /** The validated divisions, collected, with the hierarchy's reasons added to every row that breaks it. */
    public static List<Row> check(Dataset<Row> validated) {
        List<Row> rows = new ArrayList<>(validated.collectAsList());
        // the order copies of a code are kept in: file, then line
        rows.sort(Comparator.comparing((Row r) -> r.<String>getAs(ValidatedSchema.SOURCE_FILE))
                .thenComparing(r -> r.<Long>getAs(ValidatedSchema.SOURCE_LINE)));
        int code = validated.schema().fieldIndex("code");
        int level = validated.schema().fieldIndex("level");
        int parent = validated.schema().fieldIndex("parent_code");
        int reasons = validated.schema().fieldIndex(ValidatedSchema.REASONS);
        Map<String, String> levels = new HashMap<>();
        for (Row r : rows) {
            if (r.getList(reasons).isEmpty() && !r.isNullAt(code)) {
                levels.merge(r.getString(code), r.getString(level), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<String> extra = new ArrayList<>();
            String lvl = r.isNullAt(level) ? null : r.getString(level);
            String parentLevel = r.isNullAt(parent) ? null : levels.get(r.getString(parent));
            if ((Vocabularies.COUNTY.equals(lvl) && !Vocabularies.PREFECTURE.equals(parentLevel))
                    || (Vocabularies.TOWNSHIP.equals(lvl) && !Vocabularies.COUNTY.equals(parentLevel))) {
                extra.add(UNKNOWN_PARENT + ":parent_code");
            }
            if (Vocabularies.TOWNSHIP.equals(lvl) && !r.isNullAt(parent) && !r.isNullAt(code)
                    && !r.getString(code).startsWith(r.getString(parent))) {
                extra.add(TOWNSHIP_OUTSIDE_PARENT + ":code");
            }
            if (extra.isEmpty()) {
                out.add(r);
                continue;
            }
            Object[] values = new Object[r.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = r.get(i);
            }
            List<String> all = new ArrayList<>(r.getList(reasons));
            all.addAll(extra);
            values[reasons] = CollectionConverters.asScala(all).toSeq();
            // with its schema: the rows are read by field name after this (the directory, the split)
            out.add(new GenericRowWithSchema(values, validated.schema()));
        }
        return out;
    }

    /** The accepted divisions of checked rows: the reference every other record is checked against. */
    public static DivisionDirectory directory(List<Row> checked, StructType schema) {
        int reasons = schema.fieldIndex(ValidatedSchema.REASONS);
        List<DivisionDirectory.Division> accepted = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (Row r : checked) {
            String code = r.getAs("code");
            if (r.getList(reasons).isEmpty() && seen.putIfAbsent(code, true) == null) {
                Long cadres = r.getAs("grassroots_cadres");
                accepted.add(new DivisionDirectory.Division(code, r.getAs("name"), r.getAs("level"),
                        r.getAs("parent_code"), cadres));
            }
        }
        return new DivisionDirectory(accepted);
    }
}
