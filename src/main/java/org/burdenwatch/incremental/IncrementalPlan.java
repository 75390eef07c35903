package org.burdenwatch.incremental;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;

/**
 * What a run must parse and recompute, decided on the driver from the input folder and the
 * output's ledger before anything is written.
 *
 * <p>Per record type: {@link Action#UNCHANGED} (the output's tables stay as they are),
 * {@link Action#APPEND} (only new files: parse them, keep the rest), {@link Action#REBUILD} (a file
 * changed or went away: parse every file of the type again), or {@link Action#ABSENT} (not supplied,
 * then or now). The reference types, which every other record or every period is checked or
 * measured against, allow nothing but a full run when they change. Indicator periods are recomputed
 * only where new records fall ({@link #recomputeAllPeriods()} false) unless a type was rebuilt.
 */
public record IncrementalPlan(boolean incremental, String reason, Map<RecordType, TypePlan> types) {

    public enum Action { ABSENT, UNCHANGED, APPEND, REBUILD }

    /** One record type's part of the plan: what to do and which files to parse. */
    public record TypePlan(Action action, List<SourceFile> toParse) {
    }

    /**
     * Types that other records are validated against (divisions; platforms for platform_tasks) or
     * that count in every period (platforms are states, assessments carry to a year's periods): a
     * change to them is a full run.
     */
    public static final Set<RecordType> REFERENCE_TYPES =
            Set.of(RecordType.DIVISIONS, RecordType.PLATFORMS, RecordType.ASSESSMENTS);

    /** Everything parsed and recomputed. */
    public static IncrementalPlan full(InputInventory inventory, String reason) {
        Map<RecordType, TypePlan> types = new EnumMap<>(RecordType.class);
        for (RecordType type : RecordType.values()) {
            InputInventory.TypeInput input = inventory.of(type);
            types.put(type, input.supplied() ? new TypePlan(Action.REBUILD, input.files())
                    : new TypePlan(Action.ABSENT, List.of()));
        }
        return new IncrementalPlan(false, reason, types);
    }

    /**
     * The plan for this input against an output's ledger.
     *
     * @param ledger             the output's ledger, null when it has none
     * @param previouslySupplied the types whose clean table the output holds
     * @param settings           this run's settings (job version, targets file); a change is a full run
     * @param fullRequested      {@code --full}
     */
    public static IncrementalPlan of(InputInventory inventory, List<IngestLedger.Entry> ledger,
                                     Set<RecordType> previouslySupplied, String settings, boolean fullRequested) {
        if (fullRequested) {
            return full(inventory, "--full");
        }
        if (ledger == null) {
            return full(inventory, "the output holds no earlier run");
        }
        if (ledger.stream().anyMatch(e -> !e.settings().equals(settings))) {
            return full(inventory, "the job version or the targets file changed since the last run");
        }
        Map<String, List<IngestLedger.Entry>> byType = new HashMap<>();
        for (IngestLedger.Entry e : ledger) {
            byType.computeIfAbsent(e.recordType(), t -> new ArrayList<>()).add(e);
        }
        Map<RecordType, TypePlan> types = new EnumMap<>(RecordType.class);
        for (RecordType type : RecordType.values()) {
            InputInventory.TypeInput input = inventory.of(type);
            List<IngestLedger.Entry> known = byType.getOrDefault(type.folder(), List.of());
            TypePlan plan = planType(input, known, previouslySupplied.contains(type));
            if (plan.action() != Action.UNCHANGED && plan.action() != Action.ABSENT
                    && REFERENCE_TYPES.contains(type)) {
                return full(inventory, type.folder() + "/ changed, and other records or every period depend on it");
            }
            types.put(type, plan);
        }
        return new IncrementalPlan(true, "new files only are parsed", types);
    }

    private static TypePlan planType(InputInventory.TypeInput input, List<IngestLedger.Entry> known,
                                     boolean previouslySupplied) {
        if (!input.supplied()) {
            return previouslySupplied ? new TypePlan(Action.REBUILD, List.of()) : new TypePlan(Action.ABSENT, List.of());
        }
        if (!previouslySupplied) {
            return new TypePlan(Action.REBUILD, input.files());
        }
        Map<String, SourceFile> present = new HashMap<>();
        input.files().forEach(f -> present.put(f.path(), f));
        for (IngestLedger.Entry e : known) {
            SourceFile now = present.get(e.path());
            if (now == null || !e.sameAs(now)) {
                return new TypePlan(Action.REBUILD, input.files()); // removed or changed: parse the type again
            }
        }
        Set<String> knownPaths = new HashSet<>();
        known.forEach(e -> knownPaths.add(e.path()));
        List<SourceFile> added = input.files().stream().filter(f -> !knownPaths.contains(f.path())).toList();
        return added.isEmpty() ? new TypePlan(Action.UNCHANGED, List.of()) : new TypePlan(Action.APPEND, added);
    }

    public TypePlan of(RecordType type) {
        return types.get(type);
    }

    /** The same plan with one type parsed again from all its files (a new record displaced a kept one). */
    public IncrementalPlan rebuilding(RecordType type, List<SourceFile> allFiles) {
        Map<RecordType, TypePlan> changed = new EnumMap<>(types);
        changed.put(type, new TypePlan(Action.REBUILD, allFiles));
        return new IncrementalPlan(incremental, reason, changed);
    }

    /** True when every indicator period must be recomputed: a full run, or a type parsed again. */
    public boolean recomputeAllPeriods() {
        return !incremental || types.values().stream().anyMatch(t -> t.action() == Action.REBUILD);
    }

    /** True when an incremental run has nothing to parse: every table derived from the records stays. */
    public boolean changesNothing() {
        return incremental && types.values().stream()
                .allMatch(t -> t.action() == Action.UNCHANGED || t.action() == Action.ABSENT);
    }

    /** True when the type's tables stay as published (not staged by this run). */
    public boolean keeps(RecordType type) {
        return types.get(type).action() == Action.UNCHANGED;
    }
}
