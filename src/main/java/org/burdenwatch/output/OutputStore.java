package org.burdenwatch.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The output folder, for the one run that writes it.
 *
 * <ul>
 * <li>A marker file says this tool created the folder; a non-empty folder without it is refused,
 * and so is a table folder holding a file this tool did not write: nothing of a user's is ever
 * moved or deleted.</li>
 * <li>One writer: the run takes the {@link OutputLock} before it touches anything, and gives it back
 * at the end, whether it succeeded or failed.</li>
 * <li>Every table of a run is written under {@code _staging/<run id>/} and then published: a
 * {@link PublishJournal} naming every swap is written first, then each published table is renamed
 * to {@code _replaced/<run id>/} and the staged one renamed into place, then the run summary is
 * written and the journal removed. A run killed during the renames leaves the journal: the next
 * run (after {@code --break-lock}) rolls the publish forward, and readers meanwhile resolve the
 * complete new set from it ({@link PublishedTables}).</li>
 * <li>A run removes only its own {@code _staging/<run id>} and {@code _replaced/<run id>}; a run that
 * takes over from a killed one finishes or removes what that run left.</li>
 * </ul>
 * Works on any Hadoop FileSystem with atomic rename (local, HDFS, ABFS, GCS with hierarchical
 * namespace).
 */
public final class OutputStore {
    private static final ObjectMapper MARKER_JSON = new ObjectMapper();

    /** The marker file that says this folder holds outputs of this tool. */
    public static final String MARKER = "_burden_indicators.json";
    static final String STAGING = "_staging";
    static final String TRASH = "_replaced";
    static final String RUNS = "runs";

    /** Names the job writes inside a table folder: Parquet parts, their checksums, commit markers, partitions. */
    private static final Pattern OWN_FILE = Pattern.compile(
            "(\\.?part-.*(\\.parquet|\\.crc))|(\\.?_SUCCESS(\\.crc)?)|(period_type=[^/]*)|(\\._committed.*)|(_committed.*)"
                    + "|(_started.*)");

    /** What a publish reached; tests stop a run at each step to check a crash there loses nothing. */
    @FunctionalInterface
    public interface PublishSteps {
        PublishSteps NONE = step -> { };

        void reached(String step);
    }

    private final FileSystem fs;
    private final Path root;
    private final String runId;
    private OutputLock lock;

    private OutputStore(FileSystem fs, Path root, String runId) {
        this.fs = fs;
        this.root = root;
        this.runId = runId;
    }

    /**
     * Checks, without writing anything, that the output folder may be used: not a file, not a
     * folder of someone else's, no user's file inside a table folder.
     *
     * @throws OutputRefused when it may not
     */
    public static OutputStore check(Configuration conf, String output, String runId) {
        try {
            Path root = new Path(output);
            FileSystem fs = root.getFileSystem(conf);
            root = fs.makeQualified(root);
            if (fs.exists(root)) {
                FileStatus status = fs.getFileStatus(root);
                if (!status.isDirectory()) {
                    throw new OutputRefused("output is a file, not a folder: " + output);
                }
                boolean empty = fs.listStatus(root).length == 0;
                if (!empty && !fs.exists(new Path(root, MARKER))) {
                    throw new OutputRefused("refusing to write to " + output + ": the folder is not empty and has no "
                            + MARKER + " marker, so this tool did not create it (choose a new or empty folder)");
                }
                OutputStore store = new OutputStore(fs, root, runId);
                store.refuseForeignFiles();
                return store;
            }
            return new OutputStore(fs, root, runId);
        } catch (IOException e) {
            throw new OutputRefused("cannot use output folder " + output + ": " + e.getMessage());
        }
    }

    /** A table folder holding a file this tool did not write would be moved away with the table: refused. */
    private void refuseForeignFiles() throws IOException {
        for (OutputTable table : OutputTable.parquetTables()) {
            Path folder = new Path(root, table.path());
            if (!fs.exists(folder)) {
                continue;
            }
            if (!fs.getFileStatus(folder).isDirectory()) {
                throw new OutputRefused("refusing to write to " + root + ": " + folder + " is a file, not a table folder");
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                String relative = folder.toUri().relativize(file.toUri()).getPath();
                for (String part : relative.split("/")) {
                    if (!OWN_FILE.matcher(part).matches()) {
                        throw new OutputRefused("refusing to write to " + root + ": " + file + " was not written by "
                                + "this tool and would be replaced with the table; move it out of the output folder");
                    }
                }
            }
        }
    }

    /**
     * Refuses an output folder that overlaps a folder the run reads (the input root, the targets
     * file): publishing replaces table folders, which would take the user's files with them.
     */
    public void refuseOverlap(String what, String path, Configuration conf) {
        Path other = new Path(path);
        try {
            other = other.getFileSystem(conf).makeQualified(other);
        } catch (IOException e) {
            return; // the input's own checks report what cannot be read
        }
        if (PathsWithin.overlap(other, root)) { // symbolic links resolved: a link into the input is the input
            throw new OutputRefused("refusing to write to " + root + ": it overlaps the " + what + " " + other
                    + " (choose an output folder outside it)");
        }
    }

    public Path root() {
        return root;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    /**
     * Takes the output's lock (creating the folder and its marker if they are new); when the lock
     * is broken from a killed run, rolls that run's publish forward and removes what it left.
     *
     * @throws OutputLock.Locked when another run holds it
     */
    public void lock(boolean breakStale, Duration staleAfter) throws IOException {
        fs.mkdirs(root);
        Path marker = new Path(root, MARKER);
        if (!fs.exists(marker)) {
            writeText(marker, MARKER_JSON.writeValueAsString(MARKER_JSON.createObjectNode()
                    .put("created_by", "burden-indicators").put("created_at", Instant.now().toString())) + "\n");
        }
        lock = OutputLock.acquire(fs, root, OutputLock.Holder.of(runId), breakStale, staleAfter);
        // before Hadoop closes its file systems at exit (their hook's priority is 10)
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(releaseOnExit,
                FileSystem.SHUTDOWN_HOOK_PRIORITY + 1);
    }

    /**
     * Ctrl-C or a SIGTERM (a scheduler's timeout, a shutdown): the lock is given back when nothing
     * was published yet, so the next run needs no --break-lock; this run's staging is left to it.
     * From the journal on, the lock stays: the next run with --break-lock finishes the publish.
     */
    private synchronized void releaseIfUnpublished() {
        try {
            if (lock != null && PublishJournal.read(fs, root) == null) {
                lock.release();
                lock = null;
            }
        } catch (IOException | RuntimeException ignored) {
            // the lock stays: the next run names this one and can take over with --break-lock
        }
    }

    private final Runnable releaseOnExit = this::releaseIfUnpublished;

    /**
     * Finishes what a killed run left, under this run's lock: an interrupted publish is rolled
     * forward; a killed run's staging and replaced tables are removed when this run took over its
     * lock. Returns a note for the run summary, or null when there was nothing to do.
     */
    public String recover() throws IOException {
        requireLock();
        List<String> done = new ArrayList<>();
        PublishJournal journal = PublishJournal.read(fs, root);
        if (journal != null) {
            rollForward(journal);
            done.add("finished the publish of run " + journal.runId() + ", which was interrupted");
        }
        // under this run's lock no other run writes: what another run left in staging or trash (killed,
        // or stopped by Ctrl-C after it gave its lock back) is removed
        for (String area : List.of(STAGING, TRASH)) {
            Path folder = new Path(root, area);
            if (!fs.exists(folder)) {
                continue;
            }
            for (FileStatus left : fs.listStatus(folder)) {
                if (!left.getPath().getName().equals(runId)) {
                    fs.delete(left.getPath(), true);
                    done.add("removed " + area + "/" + left.getPath().getName() + " left by a run that was stopped");
                }
            }
        }
        deleteIfEmpty(new Path(root, TRASH));
        deleteIfEmpty(new Path(root, STAGING));
        return done.isEmpty() ? null : String.join("; ", done);
    }

    /** Makes this run's staging folder; call after {@link #lock} and {@link #recover}. */
    public void open() throws IOException {
        requireLock();
        fs.mkdirs(staging());
    }

    /** Gives the lock back; after a failure, first removes this run's staging. Never throws. */
    public synchronized void close(boolean failed) {
        if (lock == null) {
            return;
        }
        try {
            org.apache.hadoop.util.ShutdownHookManager.get().removeShutdownHook(releaseOnExit);
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the hook may run too, and finds the lock released
        }
        try {
            if (failed && PublishJournal.read(fs, root) == null) {
                deleteOwn(staging());
                deleteOwn(new Path(new Path(root, TRASH), runId));
                deleteIfEmpty(new Path(root, TRASH));
                deleteIfEmpty(new Path(root, STAGING));
            }
            lock.release();
        } catch (IOException ignored) {
            // the lock file stays: the next run names this one and can take over with --break-lock
        }
        lock = null;
    }

    private void requireLock() {
        if (lock == null) {
            throw new IllegalStateException("the output's lock is not held");
        }
    }

    private Path staging() {
        return new Path(new Path(root, STAGING), runId);
    }

    /** This run's staging folder. */
    public Path stagingFolder() {
        return staging();
    }

    /** Where a table of this run is written before it is published. */
    public String stagedPath(String table) {
        return new Path(staging(), table).toString();
    }

    /** Where a published table lives. */
    public String publishedPath(String table) {
        return new Path(root, table).toString();
    }

    /** True when the output holds a published table of this path. */
    public boolean isPublished(String table) throws IOException {
        return fs.exists(new Path(root, table));
    }

    /**
     * Copies the published files of a table into this run's staged version of it, beside the files
     * this run wrote there: the staged table becomes the published rows plus this run's, and the
     * published table stays whole until the swap. Hidden and marker files are not copied.
     */
    public void carryOver(String table) throws IOException {
        Path published = new Path(root, table);
        Path staged = new Path(staging(), table);
        fs.mkdirs(staged);
        for (FileStatus f : fs.listStatus(published)) {
            String name = f.getPath().getName();
            if (!f.isFile() || name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            Path target = new Path(staged, name);
            if (fs.exists(target)) {
                throw new IOException("cannot carry " + f.getPath() + " over: " + target + " exists");
            }
            if (!FileUtil.copy(fs, f.getPath(), fs, target, false, fs.getConf())) {
                throw new IOException("cannot copy " + f.getPath() + " to " + target);
            }
        }
    }

    /**
     * Publishes this run: every table of {@code tables} swapped into place (the staged version
     * replaces the published one; a table this run did not stage is removed, so no stale table
     * outlives the input it came from), then the run summary. Tables not listed (an incremental
     * run's unchanged ones) stay as they are. Crash-safe: see the class comment.
     */
    public void publish(List<String> tables, String summaryJson, Supplier<String> afterSwap, PublishSteps steps)
            throws IOException {
        requireLock();
        List<PublishJournal.Swap> swaps = new ArrayList<>();
        for (String table : tables) {
            boolean staged = fs.exists(new Path(staging(), table));
            if (staged || fs.exists(new Path(root, table))) {
                swaps.add(new PublishJournal.Swap(table, staged));
            }
        }
        PublishJournal journal = new PublishJournal(runId, swaps, summaryJson);
        steps.reached("before-journal");
        journal.write(fs, root);
        steps.reached("journal-written");
        try {
            rollForward(journal, afterSwap, steps);
        } catch (IOException | RuntimeException e) {
            throw new PublishInterrupted("publishing was interrupted (" + e.getMessage() + "): readers see the new "
                    + "tables, and the next run into " + root + " completes the publish", e);
        }
    }

    private void rollForward(PublishJournal journal) throws IOException {
        rollForward(journal, null, PublishSteps.NONE);
    }

    /**
     * Completes a journaled publish from wherever it stopped: each step is done once, in order.
     * {@code afterSwap} (the live run only) runs when every table is in place and gives the final
     * summary; a run that finishes another's publish writes the summary the journal holds.
     */
    private void rollForward(PublishJournal journal, Supplier<String> afterSwap, PublishSteps steps)
            throws IOException {
        Path staging = new Path(new Path(root, STAGING), journal.runId());
        Path trash = new Path(new Path(root, TRASH), journal.runId());
        for (PublishJournal.Swap swap : journal.tables()) {
            Path published = new Path(root, swap.table());
            Path staged = new Path(staging, swap.table());
            Path replaced = new Path(trash, swap.table());
            // a table is done once its staged copy is gone (renamed into place), or, when it was not
            // staged, once the published one is gone
            boolean pending = swap.staged() ? fs.exists(staged) : fs.exists(published);
            if (!pending) {
                continue;
            }
            if (fs.exists(published)) {
                fs.mkdirs(replaced.getParent());
                rename(published, replaced);
                steps.reached("replaced:" + swap.table());
            }
            if (swap.staged()) {
                fs.mkdirs(published.getParent());
                rename(staged, published);
                steps.reached("published:" + swap.table());
            }
        }
        steps.reached("swapped");
        writeRunSummary(journal.runId(), afterSwap == null ? journal.summary() : afterSwap.get());
        steps.reached("summary-written");
        PublishJournal.remove(fs, root);
        steps.reached("journal-removed");
        deleteOwn(trash);
        deleteOwn(staging);
        deleteIfEmpty(new Path(root, TRASH));
        deleteIfEmpty(new Path(root, STAGING));
        steps.reached("cleaned");
    }

    private void deleteIfEmpty(Path dir) throws IOException {
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
    }

    /** The summary of the latest run published in the output, or null when none. */
    public RunSummary latestRunSummary() throws IOException {
        PublishedTables published = PublishedTables.resolve(fs, root);
        List<Path> runs = published.runSummaries();
        if (runs.isEmpty()) {
            return null;
        }
        try (InputStream in = fs.open(runs.get(runs.size() - 1))) {
            return RunSummary.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The id of the first run published in the output (its earliest summary), or null when none. */
    public String firstRunId() throws IOException {
        List<Path> runs = PublishedTables.resolve(fs, root).runSummaries();
        return runs.isEmpty() ? null : runs.get(0).getName().replaceFirst("\\.json$", "");
    }

    /** Writes runs/&lt;run id&gt;.json through a temporary file, so a reader never sees half of it. */
    private void writeRunSummary(String id, String json) throws IOException {
        Path runs = new Path(root, RUNS);
        fs.mkdirs(runs);
        Path tmp = new Path(runs, "." + id + ".json.tmp");
        Path target = new Path(runs, id + ".json");
        if (fs.exists(target)) {
            return; // written before an interruption
        }
        writeText(tmp, json);
        rename(tmp, target);
    }

    private void writeText(Path path, String text) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("cannot rename " + from + " to " + to);
        }
    }

    private void deleteOwn(Path path) throws IOException {
        if (fs.exists(path)) {
            fs.delete(path, true);
        }
    }

    /** A publish failed after its journal was written: the next run rolls it forward. */
    public static final class PublishInterrupted extends IOException {
        private static final long serialVersionUID = 1L;

        public PublishInterrupted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The output folder cannot be used; nothing was written. */
    public static final class OutputRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OutputRefused(String message) {
            super(message);
        }
    }
}
