package org.burdenwatch.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer per output folder: a lock file ({@code _lock.json}) created atomically before a run
 * touches anything, naming the run that holds it (run id, host, process id, start time), and
 * removed when the run ends, whether it succeeded or failed.
 *
 * <p>A second run finds the file and is refused with one line naming the holder. A run killed with
 * {@code kill -9} leaves its lock behind; it is broken only on request ({@code --break-lock}), and
 * only when its holder is gone: on this host, its process is not running; on another host (where
 * this run cannot look), the lock is older than the stale age given.
 *
 * <p>The file is created with "create if absent" semantics: on HDFS that is {@code create} without
 * overwrite (one atomic call to the name node); on a local disk Hadoop's own create checks and then
 * creates, so the lock is created with {@code O_CREAT|O_EXCL} instead.
 */
public final class OutputLock {
    public static final String FILE = "_lock.json";

    /**
     * Who holds a lock: the run, its host and process, when it took the lock, and when its process
     * started ({@code pidStartedAt}, null in locks of earlier versions): a process id the system has
     * since given to another process is not the holder.
     */
    public record Holder(String runId, String host, long pid, String startedAt, String pidStartedAt) {
        /** This process, for a run. */
        public static Holder of(String runId) {
            return new Holder(runId, thisHost(), ProcessHandle.current().pid(), Instant.now().toString(),
                    startOf(ProcessHandle.current()));
        }

        public String describe() {
            return "run " + runId + " (host " + host + ", pid " + pid + ", since " + startedAt + ")";
        }
    }

    /** The output is locked by another run; nothing was touched. */
    public static final class Locked extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Locked(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final FileSystem fs;
    private final Path file;
    private final Holder holder;
    /** The holder whose stale lock this run broke, or null. */
    private final Holder broken;

    private OutputLock(FileSystem fs, Path file, Holder holder, Holder broken) {
        this.fs = fs;
        this.file = file;
        this.holder = holder;
        this.broken = broken;
    }

    /**
     * Takes the lock of an output folder (which must exist).
     *
     * @param breakStale  break a lock whose holder is gone ({@code --break-lock})
     * @param staleAfter  how old a lock taken on another host must be before it may be broken
     * @throws Locked when another run holds it (or a stale lock is not to be broken)
     */
    public static OutputLock acquire(FileSystem fs, Path root, Holder me, boolean breakStale, Duration staleAfter)
            throws IOException {
        Path file = new Path(root, FILE);
        if (createExclusively(fs, file, me)) {
            return new OutputLock(fs, file, me, null);
        }
        Holder other = readSettled(fs, file);
        if (other == null) {
            throw new Locked("output " + root + " is locked (" + file + " exists but cannot be read); "
                    + "if no run is writing it, remove that file");
        }
        String gone = whyGone(other, staleAfter);
        if (!breakStale) {
            throw new Locked("output " + root + " is being written by " + other.describe()
                    + (gone == null ? ": wait for it to finish"
                    : "; " + gone + ": if it was killed, rerun with --break-lock to take over"));
        }
        if (gone == null) {
            throw new Locked("will not break the lock of " + other.describe() + ": "
                    + (thisHost().equals(other.host()) ? "its process is still running"
                    : "it was taken on another host less than " + staleAfter.toHours() + " hours ago (--stale-lock-hours)"));
        }
        breakStaleLock(fs, root, file, me, other, staleAfter);
        return new OutputLock(fs, file, me, other);
    }

    /** The most breaks of breakers killed mid-break that a take-over walks past. */
    private static final int MAX_BREAK_CHAIN = 8;

    /**
     * Replaces the stale lock of {@code dead} by ours, or throws {@link Locked}. Two runs may find
     * the same stale lock at once: each must not delete the lock the other has just created. So the
     * right to break it is itself taken with an exclusive create, of a marker named for the dead
     * run ({@code _lock.json.break-RUN}): one run gets it, the other is refused. The winner reads the
     * lock again (it must still be the dead run's), deletes it and creates its own. A marker left by
     * a breaker that was killed in turn is passed by a marker named for that breaker too.
     */
    private static void breakStaleLock(FileSystem fs, Path root, Path file, Holder me, Holder dead,
                                       Duration staleAfter) throws IOException {
        List<Path> markers = new ArrayList<>();
        Path marker = new Path(root, FILE + ".break-" + safe(dead.runId()));
        while (!createExclusively(fs, marker, me)) {
            Holder breaker = readSettled(fs, marker);
            if (breaker == null || whyGone(breaker, staleAfter) == null || markers.size() >= MAX_BREAK_CHAIN) {
                throw new Locked("output " + root + ": " + (breaker == null ? "another run" : breaker.describe())
                        + " is taking over the stale lock of " + dead.describe() + "; wait for it");
            }
            markers.add(marker);
            marker = new Path(root, marker.getName() + "." + safe(breaker.runId()));
        }
        markers.add(marker);
        try {
            Holder now = read(fs, file);
            if (now != null && !now.runId().equals(dead.runId())) {
                throw new Locked("output " + root + " was taken by " + now.describe() + " while breaking the stale lock");
            }
            fs.delete(file, false);
            if (!createExclusively(fs, file, me)) {
                Holder winner = read(fs, file);
                throw new Locked("output " + root + " was taken by " + (winner == null ? "another run" : winner.describe())
                        + " while breaking the stale lock");
            }
        } finally {
            // once our lock (or another live run's) is in place, a late breaker of the same dead run
            // that makes the marker again finds the lock is no longer the dead run's and is refused
            for (Path m : markers) {
                fs.delete(m, false);
            }
        }
    }

    /** A run id as part of a file name. */
    private static String safe(String runId) {
        return runId.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse(null);
    }

    /** Null when the holder may still be alive; otherwise why it is taken to be gone. */
    static String whyGone(Holder other, Duration staleAfter) {
        if (thisHost().equals(other.host())) {
            java.util.Optional<ProcessHandle> process = ProcessHandle.of(other.pid()).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return "its process " + other.pid() + " is not running on this host";
            }
            String started = startOf(process.get());
            if (other.pidStartedAt() != null && started != null && !started.equals(other.pidStartedAt())) {
                return "its process " + other.pid() + " ended (that number now belongs to a process started at "
                        + started + ")";
            }
            return null;
        }
        Instant since;
        try {
            since = Instant.parse(other.startedAt());
        } catch (RuntimeException e) {
            return "its start time is unreadable";
        }
        return since.plus(staleAfter).isBefore(Instant.now())
                ? "it was taken on another host more than " + staleAfter.toHours() + " hours ago" : null;
    }

    /** The stale holder this run took over from, or null when the lock was free. */
    public Holder brokenHolder() {
        return broken;
    }

    public Holder holder() {
        return holder;
    }

    /** Removes the lock if it is still this run's. */
    public void release() throws IOException {
        Holder now = read(fs, file);
        if (now != null && now.runId().equals(holder.runId())) {
            fs.delete(file, false);
        }
    }

    /**
     * The holder of a lock file that another run may have just created: a file is created empty and
     * then written, so one that cannot be read yet is read again for up to a second before it is
     * called unreadable (two runs started at once: the second would otherwise not name the first).
     */
    static Holder readSettled(FileSystem fs, Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Holder h = read(fs, file);
            if (h != null || attempt == 20 || !fs.exists(file)) {
                return h;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** The holder written in a lock file, or null when there is none or it cannot be read. */
    public static Holder read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Holder.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean createExclusively(FileSystem fs, Path file, Holder me) throws IOException {
        byte[] json = JSON.writeValueAsString(me).getBytes(StandardCharsets.UTF_8);
        if ("file".equals(fs.getUri().getScheme())) {
            java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(file).toUri());
            try (OutputStream out = Files.newOutputStream(local, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                out.write(json);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(json);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(file)) {
                return false; // some file systems report "exists" with a plain IOException
            }
            throw e;
        }
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
