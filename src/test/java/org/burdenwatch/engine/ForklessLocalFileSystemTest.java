package org.burdenwatch.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local paths without a chmod or ls process per file: the same permissions, owners, checksums and
 * bytes as Hadoop's own local file system.
 */
class ForklessLocalFileSystemTest extends SparkTestBase {
    @TempDir
    Path dir;

    @Test
    void theSessionsLocalPathsGoThroughIt() throws IOException {
        // the builder every command uses sets it (the tests' core-site.xml only keeps Hadoop's
        // JVM-wide cache of file systems from holding another one first)
        assertEquals(ForklessLocalFileSystem.class.getName(), spark.sparkContext().getConf().get(SparkSessions.LOCAL_FILE_SYSTEM));
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        assertInstanceOf(ForklessLocalFileSystem.class, FileSystem.get(URI.create("file:///"), hadoop));
        assertInstanceOf(ForklessLocalFileSystem.class, new org.apache.hadoop.fs.Path(dir.toUri()).getFileSystem(hadoop));
    }

    @Test
    void foldersAndFilesGetTheSamePermissionsAndBytesAsWithHadoopsShellCommands() throws IOException {
        Configuration conf = new Configuration(false);
        FileSystem forkless = new ForklessLocalFileSystem();
        forkless.initialize(URI.create("file:///"), conf);
        FileSystem hadoops = new LocalFileSystem();
        hadoops.initialize(URI.create("file:///"), conf);
        byte[] bytes = "表,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String mode : new String[] {"750", "640", "755", "600"}) {
            FsPermission permission = new FsPermission(mode);
            for (FileSystem fs : new FileSystem[] {forkless, hadoops}) {
                String name = fs.getClass().getSimpleName() + mode;
                org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve(name).resolve("a/b").toUri());
                fs.mkdirs(folder);
                fs.setPermission(folder, permission);
                org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(folder, "part-0.csv");
                try (FSDataOutputStream out = fs.create(file, permission, false, 4096, (short) 1, 1 << 20, null)) {
                    out.write(bytes);
                }
                fs.setPermission(file, permission);
            }
            Path mine = dir.resolve("ForklessLocalFileSystem" + mode).resolve("a/b");
            Path theirs = dir.resolve("LocalFileSystem" + mode).resolve("a/b");
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)), mode);
            assertEquals(permission.toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(mine)));
            assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(theirs.resolve("part-0.csv"))),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(mine.resolve("part-0.csv"))), mode);
            assertEquals(permission.toString(),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(mine.resolve("part-0.csv"))));
            // the same data and the same checksum file beside it
            assertArrayEquals(Files.readAllBytes(theirs.resolve("part-0.csv")), Files.readAllBytes(mine.resolve("part-0.csv")));
            assertArrayEquals(Files.readAllBytes(theirs.resolve(".part-0.csv.crc")),
                    Files.readAllBytes(mine.resolve(".part-0.csv.crc")));
        }
        // a sticky bit is not POSIX's rwx notation: Hadoop's own code sets it
        org.apache.hadoop.fs.Path shared = new org.apache.hadoop.fs.Path(dir.resolve("shared").toUri());
        forkless.mkdirs(shared);
        forkless.setPermission(shared, new FsPermission((short) 01777));
        assertEquals(new FsPermission((short) 01777), hadoops.getFileStatus(shared).getPermission());

        // what a status says of every file and folder, listed or asked for one by one, is what
        // Hadoop's ls -ld reads
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
        for (FileStatus theirs : hadoops.listStatus(root)) {
            assertSameStatus(theirs, forkless.getFileStatus(theirs.getPath()));
        }
        FileStatus[] listed = forkless.listStatus(root);
        assertEquals(hadoops.listStatus(root).length, listed.length);
        for (FileStatus mine : listed) {
            assertSameStatus(hadoops.getFileStatus(mine.getPath()), mine);
        }
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = forkless.listFiles(root, true);
        int n = 0;
        while (files.hasNext()) {
            org.apache.hadoop.fs.LocatedFileStatus mine = files.next();
            assertSameStatus(hadoops.getFileStatus(mine.getPath()), mine);
            n++;
        }
        assertEquals(8, n); // part-0.csv in the eight a/b folders (checksum files are not listed)
    }

    private static void assertSameStatus(FileStatus expected, FileStatus actual) {
        String what = expected.getPath().toString();
        assertEquals(expected.getPath(), actual.getPath(), what);
        assertEquals(expected.getPermission(), actual.getPermission(), what);
        assertEquals(expected.getOwner(), actual.getOwner(), what);
        assertEquals(expected.getGroup(), actual.getGroup(), what);
        assertEquals(expected.isDirectory(), actual.isDirectory(), what);
        assertEquals(expected.getLen(), actual.getLen(), what);
        assertEquals(expected.getModificationTime(), actual.getModificationTime(), what);
    }
}
