package org.burdenwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish record on a disk that fills up while it is written: one line, and no temporary file left. */
class PublishJournalTest {
    @TempDir
    java.nio.file.Path dir;

    /** The local disk, but every write fails as a full disk does. */
    private static final class FullDisk extends FilterFileSystem {
        FullDisk(FileSystem fs) {
            super(fs);
        }

        @Override
        public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                         short replication, long blockSize, Progressable progress) throws IOException {
            FSDataOutputStream real = super.create(f, permission, overwrite, bufferSize, replication, blockSize,
                    progress);
            return new FSDataOutputStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("No space left on device\n\tat a long trace\n\tof twenty lines");
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            }, null);
        }
    }

    @Test
    void aFullDiskIsOneLineAndLeavesNoTemporaryRecord() throws Exception {
        FileSystem local = FileSystem.getLocal(new Configuration()).getRawFileSystem();
        FileSystem full = new FullDisk(local);
        Path root = new Path(dir.toUri());
        PublishJournal journal = new PublishJournal("20261206T000000Z-abcd",
                List.of(new PublishJournal.Swap("indicators/county", true)), "{}");
        IOException e = assertThrows(IOException.class, () -> journal.write(full, root));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains("disk full"),
                e.getMessage());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "nothing left behind");
        }
        assertFalse(Files.exists(dir.resolve(PublishJournal.FILE)));
        journal.write(local, root); // on a disk with room, the record is written
        assertEquals("20261206T000000Z-abcd", PublishJournal.read(local, root).runId());
    }
}
