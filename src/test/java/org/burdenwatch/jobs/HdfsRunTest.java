package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.report.ReportCommand;
import org.burdenwatch.report.ReportData;
import org.burdenwatch.testing.DatasetAssertions;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against an in-process HDFS (hadoop-client-minicluster) as input and output: no
 * code path may assume a local disk (inventory, staging, renames, the ledger of ingested files and
 * the incremental rerun's carried-over files, the run summary, queries, the report).
 */
class HdfsRunTest extends SparkTestBase {
    @TempDir
    static Path base;
    static MiniDFSCluster dfs;
    static String root;
    static RunSummary first;
    static RunSummary second;

    @BeforeAll
    static void startHdfsAndRunTwice() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.resolve("dfs").toString());
        // A file is closed once the data node has reported its block; the client asks the name node
        // and, when the report has not arrived yet (the usual race with one in-process data node),
        // sleeps 400 ms before asking again. Hundreds of files a run: 94 s -> 72.5 s for this class,
        // the same CPU (sleeping, not working).
        conf.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        FileSystem fs = dfs.getFileSystem();
        root = fs.getUri().toString();
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Path.of("data/sample").toAbsolutePath().toUri()),
                new org.apache.hadoop.fs.Path(root + "/in"));
        org.apache.hadoop.fs.Path late = new org.apache.hadoop.fs.Path(root + "/in/documents/2024_oa_export.jsonl");
        fs.delete(late, false); // our own copy on the test's HDFS
        first = BurdenIndicatorsJob.run(spark, new JobConfig(root + "/in", root + "/out"));
        // the file arrives: the second run parses it alone, carries the published rows over and
        // replaces the tables through staging and renames, on HDFS
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(Path.of("data/sample/documents/2024_oa_export.jsonl")
                .toAbsolutePath().toUri()), late);
        second = BurdenIndicatorsJob.run(spark, new JobConfig(root + "/in", root + "/out"));
    }

    @AfterAll
    static void stopHdfs() {
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    private static Dataset<Row> local(String table) {
        return spark.read().parquet(SampleOutput.folder(spark).resolve(table).toString());
    }

    @Test
    void theTablesOnHdfsEqualALocalRunRowForRow() {
        for (String table : List.of("indicators/county", "indicators/township", "targets", "audit/reported_figures",
                "quarantine/documents", "clean/documents", "duplicates/documents")) {
            Dataset<Row> onHdfs = spark.read().parquet(root + "/out/" + table);
            Dataset<Row> onDisk = local(table);
            for (String path : List.of("source_file", "kept_source_file")) {
                onHdfs = onHdfs.drop(path);
                onDisk = onDisk.drop(path); // the paths differ, the records do not
            }
            // the 2024 file arrived late on HDFS, with the local run's first on disk
            onHdfs = onHdfs.drop(DatasetAssertions.HISTORY);
            onDisk = onDisk.drop(DatasetAssertions.HISTORY);
            // each side collected once (two Spark jobs, where counts and EXCEPT ALL both ways took four)
            DatasetAssertions.assertSameRows(table, onDisk, onHdfs);
        }
        assertTrue(first.recordTypes().get("documents").balances());
        assertEquals(RunSummary.INCREMENTAL, second.mode());
        assertEquals(1, second.recordTypes().get("documents").filesParsed());
        assertEquals(3, second.recordTypes().get("documents").files());
        List<Row> ledger = spark.read().parquet(root + "/out/ingested_files").filter("record_type = 'documents'")
                .select("path").orderBy("path").collectAsList();
        assertEquals(root + "/in/documents/2023_县级发文登记.csv", ledger.get(0).getString(0));
        assertEquals(3, ledger.size());
    }

    @Test
    void theOutputFolderHoldsTheRunsAndNoStagingLeftovers() throws Exception {
        FileSystem fs = dfs.getFileSystem();
        assertEquals(2, fs.listStatus(new org.apache.hadoop.fs.Path(root + "/out/runs"),
                p -> p.getName().endsWith(".json") && !p.getName().startsWith(".")).length);
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(root + "/out/_replaced")));
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(root + "/out/_staging");
        assertTrue(!fs.exists(staging) || fs.listStatus(staging).length == 0);
    }

    @Test
    void queriesAndTheReportWorkOnHdfs() throws Exception {
        OutputCatalog.open(spark, root + "/out").registerViews();
        assertEquals(415L, spark.sql("select documents_issued from county_indicators where division_code = '533401' "
                + "and period = '2024-H1'").first().getLong(0));
        String written = ReportCommand.write(spark, root + "/out", ReportData.load(spark, root + "/out", "2024-H1"));
        assertTrue(written.startsWith("hdfs://"), written);
        assertTrue(dfs.getFileSystem().exists(new org.apache.hadoop.fs.Path(written)));
    }
}
