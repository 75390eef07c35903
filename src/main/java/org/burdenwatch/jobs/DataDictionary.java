package org.burdenwatch.jobs;

import java.util.List;
import org.burdenwatch.audit.AuditColumns;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.IndicatorColumns;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.records.ColumnEntry;
import org.burdenwatch.records.RecordColumns;
import org.burdenwatch.revisions.RevisionColumns;
import org.burdenwatch.targets.TargetColumns;

/**
 * The data dictionary: every column of every output table, with its unit, Chinese label and
 * definition, gathered per table from the domain that defines the columns (records/RecordColumns,
 * indicators/IndicatorColumns, targets/TargetColumns, audit/AuditColumns, revisions/RevisionColumns, the ledger, the run
 * summary). The run writes each entry into the Parquet files' column metadata (the table store is
 * given {@link #of}); {@code docs/data-dictionary.md} is generated from it and the written types
 * (src/tools, {@code jobs/data-dictionary.sh}); a test fails when a column has no entry or an entry
 * names no column. A new indicator or field documents itself.
 */
public final class DataDictionary {
    private DataDictionary() {
    }

    /** The columns of a table, in the order the job writes them. */
    public static List<ColumnEntry> of(OutputTable table) {
        return switch (table.kind()) {
            case COUNTY_INDICATORS -> IndicatorColumns.indicatorTable(true);
            case TOWNSHIP_INDICATORS -> IndicatorColumns.indicatorTable(false);
            case TARGETS -> TargetColumns.targets();
            case AUDIT -> AuditColumns.audit();
            case COMPLETENESS -> IndicatorColumns.completeness();
            case REVISIONS -> RevisionColumns.revisions();
            case CLEAN -> RecordColumns.clean(table.recordType());
            case QUARANTINE -> RecordColumns.quarantine();
            case DUPLICATES -> RecordColumns.duplicates();
            case INGESTED_FILES -> IngestLedger.columns();
            case FACTS -> IndicatorColumns.facts();
            case RUNS -> RunSummary.columns();
        };
    }

    /** The entry of a column of a table, or null. */
    public static ColumnEntry entry(OutputTable table, String column) {
        return of(table).stream().filter(e -> e.column().equals(column)).findFirst().orElse(null);
    }
}
