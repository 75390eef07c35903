package org.burdenwatch.incremental;

import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.burdenwatch.incremental.IncrementalPlan.Action;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan a rerun makes from the input folder and the output's ledger, before anything is read. */
class IncrementalPlanTest {
    private static final String SETTINGS = "burden_indicators dev; targets built-in";

    @TempDir
    Path input;

    private List<IngestLedger.Entry> ledger;
    private final Set<RecordType> supplied = EnumSet.of(RecordType.DIVISIONS, RecordType.DOCUMENTS);

    @BeforeEach
    void ingestedOnce() {
        Fixtures.inputWithDivisions(input);
        write(input, "documents/2024-01.jsonl", "{}\n");
        write(input, "documents/2024-02.jsonl", "{}\n");
        ledger = new ArrayList<>();
        for (RecordType type : supplied) {
            for (SourceFile f : inventory().of(type).files()) {
                ledger.add(IngestLedger.Entry.of(f, List.of(), "run-1", SETTINGS));
            }
        }
    }

    private InputInventory inventory() {
        return InputInventory.inspect(new Configuration(), input.toString());
    }

    private IncrementalPlan plan() {
        return IncrementalPlan.of(inventory(), ledger, supplied, SETTINGS, false);
    }

    @Test
    void anUnchangedInputParsesNothing() {
        IncrementalPlan plan = plan();
        assertTrue(plan.incremental());
        assertEquals(Action.UNCHANGED, plan.of(RecordType.DOCUMENTS).action());
        assertEquals(Action.ABSENT, plan.of(RecordType.MEETINGS).action());
        assertFalse(plan.recomputeAllPeriods());
    }

    @Test
    void aNewFileIsTheOnlyOneParsed() {
        write(input, "documents/2024-03.jsonl", "{}\n");
        IncrementalPlan plan = plan();
        assertEquals(Action.APPEND, plan.of(RecordType.DOCUMENTS).action());
        assertEquals(List.of("2024-03.jsonl"), names(plan.of(RecordType.DOCUMENTS).toParse()));
        assertEquals(Action.UNCHANGED, plan.of(RecordType.DIVISIONS).action());
        assertFalse(plan.recomputeAllPeriods());
    }

    @Test
    void theFactsAreKeptOnlyWhenNoRecordIsNewAndAddedToOnlyWhenPublished() {
        assertTrue(new FactsUpdate(plan(), true).keepsTable());
        assertFalse(new FactsUpdate(plan(), false).keepsTable(), "nothing published: nothing to keep");
        write(input, "documents/2024-03.jsonl", "{}\n");
        FactsUpdate appended = new FactsUpdate(plan(), true);
        assertFalse(appended.keepsTable());
        assertTrue(appended.readsPublished(), "the new file's sums are added to the published ones");
        FactsUpdate full = new FactsUpdate(IncrementalPlan.full(inventory(), "asked"), true);
        assertFalse(full.keepsTable());
        assertFalse(full.readsPublished(), "a full run sums every record again");
    }

    @Test
    void aChangedOrRemovedFileParsesItsTypeAgainAndEveryPeriod() throws IOException {
        write(input, "documents/2024-02.jsonl", "{}\n{}\n");
        IncrementalPlan changed = plan();
        assertEquals(Action.REBUILD, changed.of(RecordType.DOCUMENTS).action());
        assertEquals(List.of("2024-01.jsonl", "2024-02.jsonl"), names(changed.of(RecordType.DOCUMENTS).toParse()));
        assertTrue(changed.recomputeAllPeriods());

        ingestedOnce();
        Files.delete(input.resolve("documents/2024-01.jsonl"));
        assertEquals(List.of("2024-02.jsonl"), names(plan().of(RecordType.DOCUMENTS).toParse()));
        assertEquals(Action.REBUILD, plan().of(RecordType.DOCUMENTS).action());

        ingestedOnce();
        Path file = input.resolve("documents/2024-01.jsonl");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(file).toMillis() - 1000)); // same size, another modification time
        assertEquals(Action.REBUILD, plan().of(RecordType.DOCUMENTS).action());
    }

    @Test
    void aFolderThatAppearsOrGoesAwayIsRebuilt() throws IOException {
        write(input, "meetings/m.jsonl", "{}\n");
        assertEquals(Action.REBUILD, plan().of(RecordType.MEETINGS).action());
        Files.delete(input.resolve("meetings/m.jsonl"));
        Files.delete(input.resolve("meetings"));
        Files.delete(input.resolve("documents/2024-01.jsonl"));
        Files.delete(input.resolve("documents/2024-02.jsonl"));
        Files.delete(input.resolve("documents"));
        IncrementalPlan gone = plan();
        assertEquals(Action.REBUILD, gone.of(RecordType.DOCUMENTS).action());
        assertEquals(List.of(), gone.of(RecordType.DOCUMENTS).toParse());
    }

    @Test
    void referenceDataSettingsNoLedgerOrFullMakeAFullRun() {
        assertEquals("the output holds no earlier run",
                IncrementalPlan.of(inventory(), null, supplied, SETTINGS, false).reason());
        assertEquals("--full", IncrementalPlan.of(inventory(), ledger, supplied, SETTINGS, true).reason());
        IncrementalPlan otherTargets = IncrementalPlan.of(inventory(), ledger, supplied,
                "burden_indicators dev; targets sha256:00", false);
        assertFalse(otherTargets.incremental());
        assertEquals("the job version or the targets file changed since the last run", otherTargets.reason());

        write(input, "divisions/more.csv", "code,name,level,parent_code\n533423,维西县,county,533400\n");
        IncrementalPlan divisions = plan();
        assertFalse(divisions.incremental());
        assertTrue(divisions.reason().startsWith("divisions/ changed"), divisions.reason());
        assertEquals(Action.REBUILD, divisions.of(RecordType.DOCUMENTS).action());
        assertEquals(2, divisions.of(RecordType.DOCUMENTS).toParse().size());
    }

    private static List<String> names(List<SourceFile> files) {
        return files.stream().map(f -> f.path().substring(f.path().lastIndexOf('/') + 1)).toList();
    }
}
