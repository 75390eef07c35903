package org.burdenwatch.indicators;

import java.util.List;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.ValidatedTables;

/**
 * Where an indicator's records come from and how they meet periods: an event falls in the
 * periods holding its date (Asia/Shanghai); a state (platforms) is measured on each period.
 */
public enum IndicatorSource {
    DOCUMENTS(RecordType.DOCUMENTS, "issued_on"),
    MEETINGS(RecordType.MEETINGS, "started_on"),
    PLATFORMS(RecordType.PLATFORMS, null),
    TASKS(RecordType.PLATFORM_TASKS, "pushed_on"),
    INSPECTIONS(RecordType.INSPECTIONS, "started_on"),
    RESEARCH_VISITS(RecordType.RESEARCH_VISITS, "visited_on");

    private final RecordType recordType;
    private final String eventDate;

    IndicatorSource(RecordType recordType, String eventDate) {
        this.recordType = recordType;
        this.eventDate = eventDate;
    }

    public RecordType recordType() {
        return recordType;
    }

    /** The clean-table DATE column that places an event in periods; null for a state. */
    public String eventDate() {
        return eventDate;
    }

    public boolean isEvent() {
        return eventDate != null;
    }

    /** The sources whose records' months give a run its periods: documents and meetings. */
    public static final List<IndicatorSource> PERIOD_SOURCES = List.of(DOCUMENTS, MEETINGS);

    /**
     * The tables a record type's validated rows go to: a quarantined event keeps the county and month
     * it would have counted in, and the months of documents and meetings are tallied.
     */
    public static ValidatedTables tablesOf(RecordType type) {
        String date = null;
        boolean givesMonths = false;
        for (IndicatorSource s : values()) {
            if (s.recordType == type && s.isEvent()) {
                date = s.eventDate;
                givesMonths = PERIOD_SOURCES.contains(s);
            }
        }
        return new ValidatedTables(type, date, givesMonths);
    }
}
