package org.burdenwatch.revisions;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;

/**
 * Why a published figure may have changed, besides records that arrived late, found on the driver
 * from what the previous run left (its ledger of files, its parameters and its settings) and what
 * this run has: a file it had ingested is gone or shorter ({@code records_withdrawn}, for the
 * indicators of that file's record type; divisions for every indicator), a parameter the figure is
 * computed with differs ({@code parameters_changed}), or the job's version or rules differ
 * ({@code rule_changed}, every indicator).
 */
public final class RevisionReasons {
    private RevisionReasons() {
    }

    /**
     * The parameters each kind of figure is computed with: the burden model's time parameters for the
     * burden hours (the indicators with no single source); the window of plausible dates and the
     * longest line, which decide which records are accepted, for every figure.
     */
    static final List<String> BURDEN_PARAMETERS = List.of("hours_per_report", "hours_per_inspected_unit");
    static final List<String> ACCEPTANCE_PARAMETERS = List.of("earliest_plausible_date",
            "latest_plausible_years_ahead", "max_line_bytes");

    /** The record types with a file the previous ledger holds that is gone from the input or shorter now. */
    public static Set<RecordType> withdrawn(List<IngestLedger.Entry> previous, InputInventory inventory) {
        Map<String, SourceFile> now = new HashMap<>();
        for (RecordType type : RecordType.values()) {
            inventory.of(type).files().forEach(f -> now.put(f.path(), f));
        }
        Set<RecordType> out = EnumSet.noneOf(RecordType.class);
        if (previous == null) {
            return out;
        }
        for (IngestLedger.Entry e : previous) {
            SourceFile f = now.get(e.path());
            if (f == null || f.sizeBytes() < e.sizeBytes()) {
                for (RecordType type : RecordType.values()) {
                    if (type.folder().equals(e.recordType())) {
                        out.add(type);
                    }
                }
            }
        }
        return out;
    }

    /** The parameters whose value differs between two runs' summaries ({@code before} null: none). */
    public static Set<String> changedParameters(Map<String, Object> before, Map<String, Object> now) {
        Set<String> out = new TreeSet<>();
        if (before == null) {
            return out;
        }
        now.forEach((k, v) -> {
            // a summary stores numbers as JSON: 2 and 2.0 are the same parameter
            if (before.containsKey(k) && !Objects.equals(String.valueOf(normal(before.get(k))), String.valueOf(normal(v)))) {
                out.add(k);
            }
        });
        return out;
    }

    private static Object normal(Object v) {
        return v instanceof Number n ? n.doubleValue() : v;
    }

    /** Whether the job's version or rules differ: the part of two runs' settings before the targets file. */
    public static boolean ruleChanged(String previousSettings, String settings) {
        return previousSettings != null && !rulesOf(previousSettings).equals(rulesOf(settings));
    }

    private static String rulesOf(String settings) {
        int cut = settings.indexOf(';');
        return cut < 0 ? settings : settings.substring(0, cut);
    }

    /** The reasons besides late records that apply to each indicator, in the order a combination names them. */
    public static Map<String, List<String>> byIndicator(List<Indicator> indicators, Set<RecordType> withdrawn,
                                                        Set<String> changedParameters, boolean ruleChanged) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean acceptance = ACCEPTANCE_PARAMETERS.stream().anyMatch(changedParameters::contains);
        boolean burden = BURDEN_PARAMETERS.stream().anyMatch(changedParameters::contains);
        for (Indicator i : indicators) {
            List<String> reasons = new ArrayList<>();
            boolean derived = i.source() == null; // burden hours: from several sources and the divisions' cadres
            if (withdrawn.contains(RecordType.DIVISIONS) || (derived ? !withdrawn.isEmpty()
                    : withdrawn.contains(i.source().recordType()))) {
                reasons.add(Revisions.BY_RECORDS_WITHDRAWN);
            }
            if (acceptance || (burden && derived)) {
                reasons.add(Revisions.BY_PARAMETERS_CHANGED);
            }
            if (ruleChanged) {
                reasons.add(Revisions.BY_RULE_CHANGED);
            }
            out.put(i.name(), List.copyOf(reasons));
        }
        return out;
    }
}
