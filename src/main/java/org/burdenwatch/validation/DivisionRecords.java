package org.burdenwatch.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.RecordType;

/**
 * The divisions' validated records split on the driver (a reference list: thousands of rows, checked
 * against each other by {@link DivisionHierarchy}) into the clean rows, the quarantined ones with
 * their reasons, and the repeats of a code (the first copy kept), with the directory every other
 * record is checked against.
 */
public record DivisionRecords(StructType cleanSchema, List<Row> clean, StructType quarantineSchema,
                              List<Row> quarantine, List<Row> duplicates, DivisionDirectory directory) {

    /** Validates the hierarchy of validated division rows and splits them. */
    public static DivisionRecords of(Dataset<Row> validated) {
        ValidatedTables tables = new ValidatedTables(RecordType.DIVISIONS, null, false);
        List<Row> checked = DivisionHierarchy.check(validated);
        StructType schema = validated.schema();
        int reasonsAt = schema.fieldIndex(ValidatedSchema.REASONS);
        Map<String, Row> kept = new HashMap<>();
        List<Row> clean = new ArrayList<>();
        List<Row> quarantine = new ArrayList<>();
        List<Row> duplicates = new ArrayList<>();
        for (Row r : checked) {
            if (!r.getList(reasonsAt).isEmpty()) {
                quarantine.add(tables.quarantineRow(r, schema));
                continue;
            }
            String key = r.getAs(ValidatedSchema.NATURAL_KEY);
            Row first = kept.putIfAbsent(key, r);
            if (first == null) {
                clean.add(tables.cleanRow(r, schema));
            } else {
                duplicates.add(RowFactory.create(RecordType.DIVISIONS.folder(), r.getAs(ValidatedSchema.SOURCE_FILE),
                        r.getAs(ValidatedSchema.SOURCE_LINE), r.getAs(ValidatedSchema.RAW), key,
                        first.getAs(ValidatedSchema.SOURCE_FILE), first.getAs(ValidatedSchema.SOURCE_LINE)));
            }
        }
        return new DivisionRecords(tables.cleanSchema(validated), clean, tables.quarantineSchema(validated),
                quarantine, duplicates, DivisionHierarchy.directory(checked, schema));
    }

    /** The reasons of each quarantined row, in order. */
    public List<List<String>> reasons() {
        int at = quarantineSchema.fieldIndex(ValidatedSchema.REASONS);
        return quarantine.stream().map(r -> r.<String>getList(at)).toList();
    }

    /** The directory of clean division rows as published (an incremental run that keeps them). */
    public static DivisionDirectory directory(Dataset<Row> cleanDivisions) {
        List<DivisionDirectory.Division> all = new ArrayList<>();
        for (Row r : cleanDivisions.select("code", "name", "level", "parent_code", "grassroots_cadres").collectAsList()) {
            all.add(new DivisionDirectory.Division(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                    r.isNullAt(4) ? null : r.getLong(4)));
        }
        return new DivisionDirectory(all);
    }
}
