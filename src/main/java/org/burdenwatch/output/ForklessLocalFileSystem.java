package org.burdenwatch.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Hadoop's local file system (checksums and all), except that it sets a file's or folder's
 * permissions through {@code java.nio} instead of starting a {@code chmod} process.
 *
 * <p>Without Hadoop's native library (never present when Spark comes from Maven), every folder
 * and file Spark creates on a local disk costs a {@code chmod} child process of the JVM: ≈300
 * per run of the sample, each one a fork that the writing task waits for. A warm run of the
 * sample took 17 s with them and 10 s without (docs/performance.md). The permissions set are
 * the same; a sticky bit, or a file system without POSIX permissions, still goes to Hadoop's own
 * code.
 */
public final class ForklessLocalFileSystem extends LocalFileSystem {
    /** The Hadoop setting that names the class of {@code file:} paths. */
    public static final String SETTING = "spark.hadoop.fs.file.impl";

    public ForklessLocalFileSystem() {
        super(new Raw());
    }

    /**
     * The builder of every command's session: local paths go through this class unless the
     * Spark configuration (spark-submit, {@code --conf}, system properties) names another.
     */
    public static SparkSession.Builder session(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        return new SparkConf().contains(SETTING) ? builder : builder.config(SETTING, ForklessLocalFileSystem.class.getName());
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
    }
}
