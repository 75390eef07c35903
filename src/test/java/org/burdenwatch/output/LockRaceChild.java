package org.burdenwatch.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * A process that breaks stale locks as {@code --break-lock} does, for {@link OutputLockRaceTest}:
 * {@code LockRaceChild NAME ROOT FOLDERS GO}. It prints READY, waits for the file GO, then tries
 * to take the stale lock of each folder ROOT/0 … ROOT/FOLDERS−1 in turn and prints "WON i" for each
 * it took (it never releases one), then DONE, and stays alive until the file GO.quit appears.
 */
public final class LockRaceChild {
    private LockRaceChild() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path root = Path.of(args[1]);
        int folders = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        FileSystem fs = FileSystem.getLocal(new Configuration());
        // the classes loaded and compiled before the start, so that both race from the same line
        Path warm = Files.createTempDirectory("lock-warm");
        for (int i = 0; i < 50; i++) {
            OutputLock lock = OutputLock.acquire(fs, new org.apache.hadoop.fs.Path(warm.toUri()),
                    OutputLock.Holder.of("warm-" + i), true, Duration.ofHours(24));
            lock.release();
        }
        System.out.println("READY");
        while (!Files.exists(go)) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < folders; i++) {
            try {
                OutputLock.acquire(fs, new org.apache.hadoop.fs.Path(root.resolve(String.valueOf(i)).toUri()),
                        OutputLock.Holder.of(name + "-" + i), true, Duration.ofHours(24));
                System.out.println("WON " + i);
            } catch (OutputLock.Locked refused) {
                System.out.println("REFUSED " + i);
            }
        }
        System.out.println("DONE");
        // alive until told to end: a lock whose process ended is stale, and the other racer, if it is
        // behind, would rightly take it over
        Path quit = Path.of(args[3] + ".quit");
        while (!Files.exists(quit)) {
            Thread.sleep(20);
        }
    }
}
