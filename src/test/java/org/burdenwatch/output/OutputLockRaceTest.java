package org.burdenwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.burdenwatch.testing.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breaking a stale lock is itself one writer at a time: two processes that find the same dead
 * run's lock at the same moment never both take the output; and a lock whose process number now
 * belongs to another process is stale.
 */
class OutputLockRaceTest {
    @TempDir
    Path dir;

    private static final int FOLDERS = 300;

    /** A lock file of a run whose process has ended. */
    private static String deadLock(String runId) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return "{\"run_id\":\"" + runId + "\",\"host\":\"" + OutputLock.thisHost() + "\",\"pid\":" + p.pid()
                + ",\"started_at\":\"" + Instant.now() + "\"}";
    }

    @Test
    void twoProcessesBreakingTheSameStaleLocksNeverBothWin() throws Exception {
        Path root = Files.createDirectories(dir.resolve("outputs"));
        String dead = deadLock("killed-run");
        for (int i = 0; i < FOLDERS; i++) {
            Path folder = Files.createDirectories(root.resolve(String.valueOf(i)));
            Files.writeString(folder.resolve(OutputLock.FILE), dead, StandardCharsets.UTF_8);
        }
        Path go = dir.resolve("go");
        List<ChildProcess> racers = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                racers.add(ChildProcess.start(LockRaceChild.class, List.of(name, root.toString(),
                        String.valueOf(FOLDERS), go.toString())));
            }
            for (ChildProcess r : racers) {
                r.await("READY", 60);
            }
            Files.writeString(go, "");
            for (ChildProcess r : racers) {
                r.await("DONE", 120);
            }
            Files.writeString(dir.resolve("go.quit"), ""); // both held their locks alive to the end
            Map<Integer, List<String>> winners = new TreeMap<>();
            for (int k = 0; k < racers.size(); k++) {
                for (String line : racers.get(k).output().lines().toList()) {
                    if (line.startsWith("WON ")) {
                        winners.computeIfAbsent(Integer.parseInt(line.substring(4)), x -> new ArrayList<>())
                                .add(List.of("a", "b").get(k));
                    }
                }
            }
            List<Integer> both = winners.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey).toList();
            assertEquals(List.of(), both, "folders whose stale lock both processes took");
            assertEquals(FOLDERS, winners.size(), "every folder taken by one of them");
            for (int i = 0; i < FOLDERS; i++) {
                String lock = Files.readString(root.resolve(i + "/" + OutputLock.FILE));
                String winner = winners.get(i).get(0);
                assertTrue(lock.contains("\"run_id\":\"" + winner + "-" + i + "\""), i + ": " + lock);
                try (var files = Files.list(root.resolve(String.valueOf(i)))) {
                    assertEquals(List.of(OutputLock.FILE), files.map(f -> f.getFileName().toString()).toList(),
                            "no break marker left behind");
                }
            }
        } finally {
            racers.forEach(ChildProcess::close);
        }
    }

    @Test
    void aLockWhoseProcessNumberNowBelongsToAnotherProcessIsStale() throws IOException {
        ProcessHandle me = ProcessHandle.current();
        String myStart = me.info().startInstant().orElseThrow().toString();
        OutputLock.Holder reused = new OutputLock.Holder("old-run", OutputLock.thisHost(), me.pid(),
                Instant.now().toString(), Instant.parse(myStart).minusSeconds(3600).toString());
        String gone = OutputLock.whyGone(reused, Duration.ofHours(24));
        assertTrue(gone != null && gone.contains("now belongs to a process started at"), String.valueOf(gone));
        OutputLock.Holder alive = new OutputLock.Holder("this-run", OutputLock.thisHost(), me.pid(),
                Instant.now().toString(), myStart);
        assertEquals(null, OutputLock.whyGone(alive, Duration.ofHours(24)));
        // a lock written before the process start was recorded: the process number alone decides
        OutputLock.Holder older = new OutputLock.Holder("old-format", OutputLock.thisHost(), me.pid(),
                Instant.now().toString(), null);
        assertEquals(null, OutputLock.whyGone(older, Duration.ofHours(24)));
    }

    @Test
    void aBreakerKilledMidBreakDoesNotBlockTheNextOne() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("o"));
        Files.writeString(folder.resolve(OutputLock.FILE), deadLock("killed-run"), StandardCharsets.UTF_8);
        // the marker of a breaker that was killed in turn
        Files.writeString(folder.resolve(OutputLock.FILE + ".break-killed-run"), deadLock("killed-breaker"),
                StandardCharsets.UTF_8);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        OutputLock lock = OutputLock.acquire(fs, new org.apache.hadoop.fs.Path(folder.toUri()),
                OutputLock.Holder.of("next"), true, Duration.ofHours(24));
        assertEquals("killed-run", lock.brokenHolder().runId());
        try (var files = Files.list(folder)) {
            assertEquals(List.of(OutputLock.FILE), files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
