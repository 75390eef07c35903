package org.burdenwatch.engine;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Where every command's Spark session is built (the job, query, report, and the tests): the
 * master and every other setting come from spark-submit, {@code jobs/*.sh} or the caller; this
 * adds only the file system of local paths ({@link ForklessLocalFileSystem}) unless the Spark
 * configuration names another.
 */
public final class SparkSessions {
    /** The Hadoop setting that names the class of {@code file:} paths. */
    public static final String LOCAL_FILE_SYSTEM = "spark.hadoop.fs.file.impl";

    private SparkSessions() {
    }

    /** The builder of a command's session, named {@code appName}. */
    public static SparkSession.Builder builder(String appName) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        return new SparkConf().contains(LOCAL_FILE_SYSTEM) ? builder
                : builder.config(LOCAL_FILE_SYSTEM, ForklessLocalFileSystem.class.getName());
    }

    /**
     * The Hadoop configuration a session from {@link #builder} gets, without starting one: the
     * Spark configuration of this JVM (spark-submit passes it as system properties) made into a
     * Hadoop one the way {@code SparkContext} does it ({@code spark.hadoop.*} settings, Hadoop's
     * files on the class path), {@link ForklessLocalFileSystem} for {@code file:} paths unless
     * another is named. The job checks its input and output with it before a session starts.
     */
    public static Configuration hadoopConfiguration() {
        SparkConf conf = new SparkConf();
        if (!conf.contains(LOCAL_FILE_SYSTEM)) {
            conf.set(LOCAL_FILE_SYSTEM, ForklessLocalFileSystem.class.getName());
        }
        return SparkHadoopUtil.get().newConfiguration(conf);
    }
}
