package org.burdenwatch.records;

/** How a field that names a division is checked against the divisions reference. */
public enum DivisionRole {
    /** Not a reference to the divisions table. */
    NONE,
    /** Must be a known county, or a known prefecture (for the prefecture's own organs). */
    COUNTY,
    /** Optional; when given, must be a known township whose parent is the record's county_code. */
    TOWNSHIP
}
