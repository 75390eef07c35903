package org.burdenwatch.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksums and all), except that it sets and reads a file's or
 * folder's permissions, owner and group through {@code java.nio} instead of starting a
 * {@code chmod} or {@code ls -ld} process.
 *
 * <p>Without Hadoop's native library (never present when Spark comes from Maven), every folder
 * and file Spark creates on a local disk costs a {@code chmod} child process of the JVM (313 in
 * a run of the sample, each one a fork that the writing task waits for), and every file listed
 * an {@code ls -ld} (15). A warm run of the sample took 12–13 s with them and 10 s without
 * (jobs/bench-warm.sh, docs/performance.md). The permissions are the same; setting a sticky bit,
 * or a file system without POSIX permissions, still goes to Hadoop's own code. Every command's
 * session names it ({@link SparkSessions}).
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(p, permission);
                return;
            }
            try {
                // FsPermission prints as "rwxr-xr-x" when no sticky bit is set
                Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(permission.toString()));
            } catch (UnsupportedOperationException e) {
                super.setPermission(p, permission);
            }
        }

        @Override
        public FileStatus getFileStatus(Path p) throws IOException {
            return withOwnerAndPermission(super.getFileStatus(p));
        }

        @Override
        public FileStatus[] listStatus(Path p) throws IOException {
            FileStatus[] statuses = super.listStatus(p);
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = withOwnerAndPermission(statuses[i]);
            }
            return statuses;
        }

        /** Hadoop's status with what its {@code ls -ld} would read (when asked) read now, in one stat. */
        private FileStatus withOwnerAndPermission(FileStatus status) throws IOException {
            Map<String, Object> unix;
            try {
                unix = Files.readAttributes(pathToFile(status.getPath()).toPath(), "unix:mode,owner,group",
                        LinkOption.NOFOLLOW_LINKS);
            } catch (UnsupportedOperationException | IllegalArgumentException | NoSuchFileException e) {
                return status; // Hadoop's own status, which reads them itself if asked
            }
            // the mode's permission bits and sticky bit, as ls -ld shows them
            FsPermission permission = new FsPermission((short) ((Integer) unix.get("mode") & 01777));
            return new FileStatus(status.getLen(), status.isDirectory(), status.getReplication(), status.getBlockSize(),
                    status.getModificationTime(), status.getAccessTime(), permission,
                    ((UserPrincipal) unix.get("owner")).getName(), ((GroupPrincipal) unix.get("group")).getName(),
                    status.getPath());
        }
    }
}
