package org.burdenwatch.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The commit record of a publish ({@code _publishing.json}): written, whole, before the first
 * rename, and removed after the last. While it exists the new set of tables is decided: every
 * table it names is complete in staging or already in place, so an interrupted publish is always
 * rolled forward (by the next run), and a reader can find the complete new set at any instant.
 *
 * @param runId   the run publishing
 * @param tables  every table it swaps, with whether this run staged it (false: the table goes away)
 * @param summary the run summary to write under runs/ when the swap is done
 */
public record PublishJournal(String runId, List<Swap> tables, String summary) {
    public static final String FILE = "_publishing.json";

    /** One table of the publish: staged by the run (replaces the published one) or not (removed). */
    public record Swap(String table, boolean staged) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Writes the record through a temporary file and one rename, so it is never seen half-written. */
    void write(FileSystem fs, Path root) throws IOException {
        Path tmp = new Path(root, "." + FILE + "." + runId + ".tmp");
        boolean written = false;
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8));
            }
            if (!fs.rename(tmp, new Path(root, FILE))) {
                throw new IOException("cannot write " + new Path(root, FILE));
            }
            written = true;
        } catch (IOException e) {
            // a full disk: one line that says so (Hadoop's own message may run over many)
            throw new IOException("cannot write the publish record " + new Path(root, FILE) + " (is the disk full?): "
                    + firstLine(e), e);
        } finally {
            if (!written) {
                try {
                    fs.delete(tmp, false); // no half-written record of ours is left behind
                } catch (IOException ignored) {
                    // the temporary file stays: hidden, and the next write of this run's record replaces it
                }
            }
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The journal of an output, or null when no publish is under way or interrupted. */
    public static PublishJournal read(FileSystem fs, Path root) throws IOException {
        try (InputStream in = fs.open(new Path(root, FILE))) {
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), PublishJournal.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (JsonProcessingException e) {
            throw new IOException("unreadable " + new Path(root, FILE) + ": " + e.getOriginalMessage(), e);
        }
    }

    static void remove(FileSystem fs, Path root) throws IOException {
        fs.delete(new Path(root, FILE), false);
    }
}
