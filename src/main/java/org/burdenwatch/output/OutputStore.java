package org.burdenwatch.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder: a marker file says this tool created it; every table of a run is written
 * under {@code _staging/<run id>/} and only then swapped into place, one rename per table, so a
 * failed run leaves the previous complete tables readable and no half-written table visible.
 * Works on any Hadoop FileSystem (local, HDFS, object stores with atomic directory rename).
 *
 * <p>It deletes only what it made: staging folders of earlier runs and the tables it replaces,
 * and only inside a folder that carries its marker. A non-empty folder without the marker is
 * refused.
 */
public final class OutputStore {
    /** The marker file that says this folder holds outputs of this tool. */
    public static final String MARKER = "_burden_indicators.json";
    private static final String STAGING = "_staging";
    private static final String TRASH = "_replaced";

    private final FileSystem fs;
    private final Path root;
    private final String runId;

    private OutputStore(FileSystem fs, Path root, String runId) {
        this.fs = fs;
        this.root = root;
        this.runId = runId;
    }

    /**
     * Checks, without writing anything, that the output folder may be used.
     *
     * @throws OutputRefused when it is a file, or a non-empty folder this tool did not create
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
            }
            return new OutputStore(fs, root, runId);
        } catch (IOException e) {
            throw new OutputRefused("cannot use output folder " + output + ": " + e.getMessage());
        }
    }

    public Path root() {
        return root;
    }

    /** Creates the folder and its marker, and clears what failed earlier runs left in staging. */
    public void open(String markerJson) throws IOException {
        fs.mkdirs(root);
        Path marker = new Path(root, MARKER);
        if (!fs.exists(marker)) {
            writeText(marker, markerJson);
        }
        deleteOwn(new Path(root, STAGING));
        deleteOwn(new Path(root, TRASH));
        fs.mkdirs(staging());
    }

    private Path staging() {
        return new Path(new Path(root, STAGING), runId);
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
            if (!org.apache.hadoop.fs.FileUtil.copy(fs, f.getPath(), fs, target, false, fs.getConf())) {
                throw new IOException("cannot copy " + f.getPath() + " to " + target);
            }
        }
    }

    /**
     * Swaps every table of {@code tables} into place: the staged version replaces the published one;
     * a table this run did not stage (its record type was not supplied) is removed, so no stale
     * table outlives the input it came from. Tables not in the list (an incremental run's unchanged
     * ones) stay as they are.
     */
    public void publish(List<String> tables) throws IOException {
        Path trash = new Path(new Path(root, TRASH), runId);
        for (String table : tables) {
            Path published = new Path(root, table);
            Path staged = new Path(staging(), table);
            if (fs.exists(published)) {
                Path replaced = new Path(trash, table);
                fs.mkdirs(replaced.getParent());
                rename(published, replaced);
            }
            if (fs.exists(staged)) {
                fs.mkdirs(published.getParent());
                rename(staged, published);
            }
        }
        deleteOwn(trash);
        deleteOwn(staging());
        deleteIfEmpty(new Path(root, TRASH));
    }

    private void deleteIfEmpty(Path dir) throws IOException {
        if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
            fs.delete(dir, false);
        }
    }

    /** Removes this run's staging folder after a failure. */
    public void discardStaging() {
        try {
            deleteOwn(staging());
        } catch (IOException ignored) {
            // the next run clears it
        }
    }

    /** Writes runs/&lt;run id&gt;.json through a temporary file, so a reader never sees half of it. */
    public String writeRunSummary(String json) throws IOException {
        Path runs = new Path(root, "runs");
        fs.mkdirs(runs);
        Path tmp = new Path(runs, "." + runId + ".json.tmp");
        Path target = new Path(runs, runId + ".json");
        writeText(tmp, json);
        rename(tmp, target);
        return target.toString();
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

    /** The output folder cannot be used; nothing was written. */
    public static final class OutputRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OutputRefused(String message) {
            super(message);
        }
    }
}
