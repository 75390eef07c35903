package org.burdenwatch.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a reader finds each table of an output folder, as one consistent set, without writing
 * anything. Normally that is the published folder. While a {@link PublishJournal} exists (a publish
 * under way, or one interrupted by a crash), each table it names is taken from wherever its new
 * version is at this instant (still staged, or already in place): the complete new set, never a
 * mixture of old and new, never a missing table.
 *
 * <p>A reader compares {@link #state()} before and after it reads: a publish that moved a table
 * in between changes it, and the reader reads again.
 */
public final class PublishedTables {
    private final Map<OutputTable, Path> locations;
    private final List<Path> runSummaries;
    private final String pendingSummary;
    private final String state;

    private PublishedTables(Map<OutputTable, Path> locations, List<Path> runSummaries, String pendingSummary,
                            String state) {
        this.locations = locations;
        this.runSummaries = runSummaries;
        this.pendingSummary = pendingSummary;
        this.state = state;
    }

    /** Resolves every table of the output folder at {@code root} (qualified). */
    public static PublishedTables resolve(FileSystem fs, Path root) throws IOException {
        PublishJournal journal = PublishJournal.read(fs, root);
        Map<String, PublishJournal.Swap> swapped = new LinkedHashMap<>();
        if (journal != null) {
            journal.tables().forEach(s -> swapped.put(s.table(), s));
        }
        Map<OutputTable, Path> locations = new LinkedHashMap<>();
        StringBuilder state = new StringBuilder(journal == null ? "published" : "publishing " + journal.runId());
        for (OutputTable table : OutputTable.parquetTables()) {
            Path published = new Path(root, table.path());
            PublishJournal.Swap swap = swapped.get(table.path());
            Path at;
            if (swap == null) {
                at = fs.exists(published) ? published : null;
            } else if (!swap.staged()) {
                at = null; // the new set has no such table
            } else {
                Path staged = new Path(new Path(new Path(root, OutputStore.STAGING), journal.runId()), table.path());
                at = fs.exists(staged) ? staged : published;
            }
            if (at != null) {
                locations.put(table, at);
                state.append('|').append(table.name()).append('@').append(at);
            }
        }
        List<Path> summaries = new ArrayList<>();
        Path runs = new Path(root, OutputStore.RUNS);
        if (fs.exists(runs)) {
            for (FileStatus s : fs.listStatus(runs)) {
                String name = s.getPath().getName();
                if (s.isFile() && name.endsWith(".json") && !name.startsWith(".")) {
                    summaries.add(s.getPath());
                }
            }
        }
        summaries.sort(null);
        String pending = null;
        if (journal != null && summaries.stream().noneMatch(p -> p.getName().equals(journal.runId() + ".json"))) {
            pending = journal.summary(); // the run being published belongs to the new set
        }
        state.append("|runs=").append(summaries.size()).append(pending == null ? "" : "+1");
        return new PublishedTables(locations, summaries, pending, state.toString());
    }

    /** The tables present, in the registry's order. */
    public List<OutputTable> tables() {
        return List.copyOf(locations.keySet());
    }

    /** Where a table's files are, or null when the output has no such table. */
    public Path location(OutputTable table) {
        return locations.get(table);
    }

    /** The run summaries written under runs/, oldest first. */
    public List<Path> runSummaries() {
        return runSummaries;
    }

    /** The summary of a run whose publish is under way or was interrupted (not yet under runs/), or null. */
    public String pendingSummary() {
        return pendingSummary;
    }

    /** True when the output holds at least one run's tables. */
    public boolean hasRun() {
        return !runSummaries.isEmpty() || pendingSummary != null;
    }

    /** Changes whenever a publish moves a table or adds a run: a reader that sees it change reads again. */
    public String state() {
        return state;
    }
}
