package org.burdenwatch.indicators;

import org.burdenwatch.records.RecordType;

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
}
