package org.burdenwatch.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs/query.sh over the sample run's outputs: tables by name, aligned output, exports, errors, ready queries. */
class QueryCommandTest extends SparkTestBase {
    static Path out;
    @TempDir
    Path tmp;

    @BeforeAll
    static void sampleRun() {
        out = SampleOutput.folder(spark);
    }

    /** Exit code, stdout, stderr. */
    record Result(int exit, String out, String err) {
    }

    private static Result query(String... args) throws Exception {
        return query(spark, args);
    }

    private static Result query(SparkSession session, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--output", out.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = QueryCommand.run(session, QueryCommand.Options.parse(all.toArray(new String[0])),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Result(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsAnAlignedTableOfTheCountyIndicators() throws Exception {
        Result r = query("select division_code, division_name, documents_issued, documents_issued_change_pct "
                + "from county_indicators where period = '2024-H1' and division_code in ('533401', '533422') "
                + "order by division_code");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("533401        | 香格里拉市    |              415 |                       -16.3", lines.get(2));
        assertTrue(lines.get(3).startsWith("533422        | 德钦县        |"), lines.get(3));
        assertEquals("(2 rows)", lines.get(4));
        assertEquals(TextTable.displayWidth(lines.get(2)), TextTable.displayWidth(lines.get(3)));
    }

    @Test
    void everyTableIsThereUnderItsStableName() throws Exception {
        Result r = query("show tables");
        assertEquals(0, r.exit(), r.err());
        for (String name : List.of("county_indicators", "township_indicators", "targets", "audit_reported_figures",
                "quarantine_documents", "clean_platform_tasks", "duplicates_documents", "runs")) {
            assertTrue(r.out().contains(" " + name + " "), name + " in\n" + r.out());
        }
        Result runs = query("select record_type, records_read, accepted + quarantined + duplicates as balance "
                + "from runs where record_type = 'documents'");
        List<String> row = List.of(runs.out().lines().toList().get(2).split("\\s*\\|\\s*"));
        assertEquals(row.get(1), row.get(2), "read = accepted + quarantined + duplicates");
    }

    /** The temporary views of a session, by name. */
    private static Set<String> views(SparkSession session) {
        return session.sql("show tables").collectAsList().stream().map(r -> r.getString(r.fieldIndex("tableName")))
                .collect(Collectors.toSet());
    }

    @Test
    void aQueryRegistersOnlyTheTablesItNamesAndShowTablesSeesThemAll() throws Exception {
        SparkSession session = spark.newSession();
        Result r = query(session, "select count(*) as n from County_Indicators where (select count(*) from runs) > 0 "
                + "and period_type = 'year'");
        assertEquals(0, r.exit(), r.err());
        assertEquals("8", r.out().lines().toList().get(2).strip(), r.out());
        assertEquals(Set.of("county_indicators", "runs"), views(session), "a table named only in a subquery counts");

        SparkSession fresh = spark.newSession();
        assertEquals(0, query(fresh, "show tables").exit());
        Set<String> all = views(fresh);
        assertTrue(all.containsAll(Set.of("county_indicators", "township_indicators", "targets",
                "audit_reported_figures", "clean_documents", "quarantine_platform_tasks", "runs")), all.toString());

        Result timed = query(spark.newSession(), "--timings", "select count(*) from targets");
        assertEquals(0, timed.exit(), timed.err());
        assertTrue(timed.err().matches("(?s)timings: catalog and tables named \\(1 of \\d+\\) \\d+\\.\\ds, "
                + "query \\d+\\.\\ds\\R"), "where the seconds went, on stderr: " + timed.err());

        Result missing = query(spark.newSession(), "select * from county_indicator");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("tables here: ") && missing.err().contains("township_indicators"),
                "an unknown table lists every table present:\n" + missing.err());
    }

    @Test
    void csvExportHasAByteOrderMarkForExcelAndQuotesWhereNeeded() throws Exception {
        Path csv = tmp.resolve("cuts.csv");
        Result r = query("--csv", csv.toString(), "select division_code, division_name, 'a,b' as quoted, "
                + "documents_issued from county_indicators where period = '2024-H1' order by division_code");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("wrote 4 rows"), r.out());
        byte[] bytes = Files.readAllBytes(csv);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3));
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("division_code,division_name,quoted,documents_issued\r\n"), text);
        assertTrue(text.contains("533401,香格里拉市,\"a,b\",415\r\n"), text);

        Result again = query("--csv", csv.toString(), "select 1");
        assertEquals(2, again.exit());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().contains("exists"), again.err());
        assertEquals(text, new String(Files.readAllBytes(csv), 3, bytes.length - 3, StandardCharsets.UTF_8),
                "the existing file is untouched");
    }

    @Test
    void csvCellsWithQuotesAndLineBreaksAreQuotedAsRfc4180Says() throws Exception {
        Path csv = tmp.resolve("quoted.csv");
        Result r = query("--csv", csv.toString(), "select 'say \"hi\"' as q, concat('x', char(10), 'y') as n, "
                + "concat('r', char(13)) as cr, ' padded ' as p, cast(null as string) as nothing, '' as empty");
        assertEquals(0, r.exit(), r.err());
        assertEquals("\uFEFFq,n,cr,p,nothing,empty\r\n\"say \"\"hi\"\"\",\"x\ny\",\"r\r\", padded ,,\r\n",
                Files.readString(csv, StandardCharsets.UTF_8));
    }

    @Test
    void csvExportNeverWritesOverATemporaryNameOfTheUsers() throws Exception {
        Path csv = tmp.resolve("mine.csv");
        Path lookalike = Files.writeString(tmp.resolve(".mine.csv.tmp"), "a user's file");
        Result r = query("--csv", csv.toString(), "select 1 as one");
        assertEquals(0, r.exit(), r.err());
        assertEquals("a user's file", Files.readString(lookalike));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(".mine.csv.tmp", "mine.csv"), left.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "no temporary file of ours is left");
        }
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised() throws Exception {
        Path csv = tmp.resolve("formulas.csv");
        Result r = query("--csv", csv.toString(), "select '=1+1' as a, '+86 138 0000 0000' as b, '-2.5' as c, "
                + "'@SUM(A1:A9)' as d, concat(char(9), 'x') as e, '-cmd|calc' as f, -3 as g, '+5' as h, "
                + "'香格里拉市' as i");
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertEquals("\uFEFFa,b,c,d,e,f,g,h,i\r\n'=1+1,'+86 138 0000 0000,-2.5,'@SUM(A1:A9),'\tx,'-cmd|calc,-3,+5,香格里拉市\r\n",
                text);
    }

    @Test
    void aLimitBelowOneIsOneLine() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QueryCommand.Options.parse(new String[] {"--limit", "-1", "select 1"}));
        assertEquals("--limit needs a whole number of rows ≥ 1, not -1", e.getMessage());
    }

    @Test
    void onlyReadOnlyQueriesOverTheOutputRunAndNothingIsWritten() throws Exception {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("thesis.docx"), "a user's file");
        Path newTable = tmp.resolve("y");
        java.util.Map<Path, String> before = tree(out);
        List<String> refused = List.of(
                "INSERT OVERWRITE DIRECTORY '" + victim + "' USING parquet SELECT 1",
                "INSERT OVERWRITE DIRECTORY '" + out.resolve("indicators/county") + "' USING parquet SELECT 1",
                "CREATE TABLE t USING parquet LOCATION '" + newTable + "' AS SELECT 1",
                "SELECT * FROM text.`/etc/hostname`",
                "select * from parquet.`" + out.resolve("clean/documents") + "`",
                "EXPLAIN INSERT OVERWRITE DIRECTORY '" + victim + "' USING parquet SELECT 1",
                "SET spark.sql.runSQLOnFiles=true",
                "CACHE TABLE county_indicators",
                "ADD JAR /tmp/x.jar",
                "SELECT TRANSFORM(division_code) USING 'cat' AS (c) FROM county_indicators",
                "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
                "SELECT * FROM county_indicators WHERE period IN (SELECT java_method('java.lang.String', 'valueOf', 1))",
                "EXECUTE IMMEDIATE 'SELECT 1'",
                "DECLARE v INT",
                "DROP VIEW county_indicators",
                "WITH x AS (SELECT 1) INSERT OVERWRITE DIRECTORY '" + victim + "' USING parquet SELECT * FROM x");
        for (String sql : refused) {
            Result r = query(sql);
            assertEquals(2, r.exit(), sql + "\n" + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), sql + ": one line, said:\n" + r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
        assertEquals(List.of(victim.resolve("thesis.docx")), Files.list(victim).toList());
        assertEquals("a user's file", Files.readString(victim.resolve("thesis.docx")));
        assertFalse(Files.exists(newTable));
        for (String sql : List.of("show tables", "describe county_indicators", "explain select * from targets",
                "with x as (select division_code from county_indicators) select count(*) from x",
                "values (1, 'a'), (2, 'b')", "select * from range(3)",
                "select count(*) from county_indicators where division_code in (select county_code from clean_documents)",
                "describe function abs", "show columns in county_indicators")) {
            Result r = query(sql);
            assertEquals(0, r.exit(), sql + ": " + r.err());
        }
        assertEquals(before, tree(out), "queries wrote nothing under the output folder");
    }

    @Test
    void functionsThatReadFilesOrFetchUrlsAreRefusedBeforeTheyRun() throws Exception {
        // a server on this machine that counts the requests it gets: a refused query makes none
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/s.xml";
        Path secret = Files.writeString(tmp.resolve("api-key.txt"), "SECRET-API-KEY-4711");
        try {
            List<String> refused = List.of(
                    "SELECT from_xml('<a><b>1</b></a>', 'b STRING', map('rowValidationXSDPath', '" + url + "'))",
                    "SELECT from_xml('<a><b>1</b></a>', 'b STRING', map('rowValidationXSDPath', '" + secret + "'))",
                    "SELECT schema_of_xml('<a><b>1</b></a>', map('rowValidationXSDPath', '" + secret + "'))",
                    "SELECT from_xml('<a><b>1</b></a>', 'b STRING')",
                    "SELECT xpath_string('<a><b>1</b></a>', 'a/b')",
                    "SELECT from_json('{\"a\":1}', 'a INT', map('mode', 'FAILFAST'))",
                    "SELECT to_json(named_struct('a', 1), map('pretty', 'true'))",
                    "SELECT from_csv('1', 'a INT', map('sep', ';'))",
                    "SELECT from_protobuf(cast('x' as binary), 'M', '" + secret + "')",
                    "SELECT input_file_name() FROM county_indicators",
                    "SELECT raise_error('x')",
                    "SELECT aes_decrypt(unbase64('x'), 'k')",
                    "SELECT default.my_function(1)",
                    "SELECT * FROM county_indicators WHERE period IN (SELECT schema_of_xml('<a/>'))");
            for (String sql : refused) {
                Result r = query(sql);
                assertEquals(2, r.exit(), sql + "\n" + r.out() + r.err());
                assertEquals(1, r.err().lines().count(), sql + ": one line, said:\n" + r.err());
                assertFalse((r.out() + r.err()).contains("SECRET-API-KEY"), sql + ": " + r.err());
            }
            assertEquals(0, requests.get(), "no query fetched the URL");
        } finally {
            server.stop(0);
        }
        // the functions an analyst uses still run
        Result r = query("SELECT division_code, round(sum(burden_hours), 1) AS h, concat(max(division_name), '·') AS n, "
                + "date_format(max(period_start), 'yyyy') AS y, from_json('{\"a\":1}', 'a INT').a AS a, "
                + "to_json(named_struct('k', 1)) AS j, get_json_object('{\"k\":2}', '$.k') AS g, "
                + "row_number() OVER (ORDER BY division_code) AS r, coalesce(null, 1) AS c, "
                + "typeof(1) AS t FROM county_indicators WHERE period = '2024-H1' GROUP BY division_code");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("533401"), r.out());
    }

    @Test
    void anExportIsNeverWrittenIntoTheOutputItReads() throws Exception {
        java.util.Map<Path, String> before = tree(out);
        Path link = tmp.resolve("link-into-output");
        Files.createSymbolicLink(link, out.resolve("runs"));
        List<List<String>> refused = List.of(
                List.of("--parquet", out.resolve("indicators/county/period_type=year/evil").toString()),
                List.of("--parquet", out.resolve("clean/extra").toString()),
                List.of("--csv", out.resolve("runs/x.json").toString()),
                List.of("--csv", out.resolve("a.csv").toString()),
                List.of("--csv", link.resolve("y.csv").toString()),
                List.of("--parquet", out.resolve("indicators/../indicators/new").toString()));
        for (List<String> target : refused) {
            Result r = query(target.get(0), target.get(1), "select * from county_indicators limit 2");
            assertEquals(2, r.exit(), target + ": " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("inside the output folder"), r.err());
        }
        assertEquals(before, tree(out), "nothing was written under the output folder");
        Result ok = query("--csv", tmp.resolve("outside.csv").toString(), "select 1 as one");
        assertEquals(0, ok.exit(), ok.err());
    }

    /** Every file under a folder with its size and modification time. */
    private static java.util.Map<Path, String> tree(Path root) throws java.io.IOException {
        java.util.Map<Path, String> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                files.put(root.relativize(p), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    @Test
    void parquetExportWritesTheRows() throws Exception {
        Path dir = tmp.resolve("export");
        Result r = query("--parquet", dir.toString(), "select * from targets where status = 'missed'");
        assertEquals(0, r.exit(), r.err());
        long expected = spark.read().parquet(out.resolve("targets").toString()).filter("status = 'missed'").count();
        assertTrue(expected > 0);
        assertEquals(expected, spark.read().parquet(dir.toString()).count());
        assertEquals(2, query("--parquet", dir.toString(), "select 1").exit(), "an existing folder is refused");
    }

    @Test
    void aMissingTableGetsTheListOfTablesAndNoStackTrace() throws Exception {
        Result r = query("select * from county_indicator");
        assertEquals(1, r.exit());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: [TABLE_OR_VIEW_NOT_FOUND]"), lines.get(0));
        assertTrue(lines.get(1).startsWith("tables here: county_indicators, township_indicators"), lines.get(1));
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aSyntaxErrorIsOneLine() throws Exception {
        Result r = query("selec 1");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("PARSE_SYNTAX_ERROR"), r.err());
    }

    @Test
    void anOutputFolderThatDoesNotExistOrHoldsNoRunIsOneClearLine() throws Exception {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
        Path missing = tmp.resolve("none");
        assertEquals(2, QueryCommand.run(spark, QueryCommand.Options.parse(
                new String[] {"--output", missing.toString(), "select 1"}), System.out, err));
        assertEquals("error: no output folder at " + missing + ": run jobs/run.sh first (or pass --output DIR)",
                e.toString(StandardCharsets.UTF_8).strip());
        e.reset();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("_burden_indicators.json"), "{}");
        assertEquals(2, QueryCommand.run(spark, QueryCommand.Options.parse(
                new String[] {"--output", empty.toString(), "select 1"}), System.out, err));
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("holds no completed run"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> QueryCommand.Options.parse(new String[] {}));
        assertThrows(IllegalArgumentException.class, () -> QueryCommand.Options.parse(
                new String[] {"--csv", "a.csv", "--parquet", "b", "select 1"}));
        assertThrows(IllegalArgumentException.class, () -> QueryCommand.Options.parse(new String[] {"-f", "nope.sql"}));
        assertEquals("give one query (quote it), or -f FILE", assertThrows(IllegalArgumentException.class,
                () -> QueryCommand.Options.parse(new String[] {"select", "1"})).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> QueryCommand.Options.parse(new String[] {"--limt", "5", "select 1"})).getMessage()
                .contains("--limt"));
    }

    @Test
    void aQueryMayStartWithAHyphenAndTheLastOutputGivenCounts() throws Exception {
        // a comment first, a negative number: queries, not options
        assertEquals("-- cuts\nselect 1", QueryCommand.Options.parse(new String[] {"-- cuts\nselect 1"}).sql());
        assertEquals("-1 as x", QueryCommand.Options.parse(new String[] {"--limit", "3", "-1 as x"}).sql());
        // jobs/query.sh gives --output out first, the user's --output after
        assertEquals("mine", QueryCommand.Options.parse(new String[] {"--output", "out", "--output", "mine",
                "select 1"}).output());
    }

    @Test
    void numbersPrintPlainAndInstantsInShanghai() {
        assertEquals("12345678.9", QueryCommand.format(1.23456789E7, null));
        assertEquals("0.5", QueryCommand.format(0.5, null));
        assertEquals("2024-03-05 08:00:00", QueryCommand.format(java.time.Instant.parse("2024-03-05T00:00:00Z"), null));
    }

    @Test
    void everyReadyQueryRunsAndAnswersFromTheTables() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("jobs/sql"))) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "ready queries in jobs/sql");
        for (Path f : files) {
            Result r = query("-f", f.toString());
            assertEquals(0, r.exit(), f + ": " + r.err());
            if (!f.endsWith("revisions.sql")) { // one run revises nothing: RevisionsTest runs it after a revision
                assertFalse(r.out().contains("(0 rows)"), f + " answers with rows");
            }
        }
        // yoy-cuts: the first row is the county with the largest combined cut, with the table's own figures
        Result cuts = query("-f", "jobs/sql/yoy-cuts.sql");
        String[] first = cuts.out().lines().toList().get(2).split("\\s*\\|\\s*");
        Row expected = spark.read().parquet(out.resolve("indicators/county").toString())
                .filter("level = 'county' and period_type = 'half' and period = '" + first[2] + "'")
                .orderBy(org.apache.spark.sql.functions.expr("documents_issued_change_pct + meetings_held_change_pct"))
                .first();
        assertEquals(expected.getAs("division_code"), first[0]);
        assertEquals(String.valueOf((double) expected.getAs("documents_issued_change_pct")), first[5]);
        // audit-findings: every row is a finding, none consistent
        Result findings = query("-f", "jobs/sql/audit-findings.sql");
        assertFalse(findings.out().contains("| consistent "), findings.out());
        assertTrue(findings.out().contains("change_wrong_base"));
    }
}
