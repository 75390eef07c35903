package org.burdenwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * The benchmark's reference engine: DuckDB (through its JDBC driver, on the benchmark's class path
 * only: {@code mvn -Pbench}) computes the county × month aggregates of the same raw files, the
 * equivalent of the pipeline's month rows for tasks, documents and meetings, and writes them as
 * Parquet. Lines DuckDB cannot read (the bench's garbage) are skipped, not validated: this is the floor of
 * the work, not the same work. Compiled without DuckDB: only java.sql is used.
 *
 * <pre>java -cp target/test-classes:DUCKDB_JAR org.burdenwatch.bench.DuckDbReference INPUT OUTPUT</pre>
 */
public final class DuckDbReference {
    private DuckDbReference() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        if (Files.exists(output)) {
            throw new IllegalStateException(output + " exists");
        }
        Files.createDirectories(output);
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT county_code, substr(pushed_at, 1, 7) AS month, count(*) AS tasks_pushed, "
                    + "sum(recipients * coalesce(expected_minutes, 0)) AS task_recipient_minutes, "
                    + "count(*) FILTER (WHERE substr(pushed_at, 12, 8) < '08:30:00' OR substr(pushed_at, 12, 8) > '18:00:00' "
                    + "  OR dayofweek(CAST(substr(pushed_at, 1, 10) AS DATE)) IN (0, 6)) AS tasks_after_hours, "
                    + "count(*) FILTER (WHERE deadline_hours < 24) AS tasks_short_deadline, "
                    + "count(*) FILTER (WHERE kind IN ('checkin', 'photo_proof')) AS tasks_checkin_or_photo "
                    + "FROM read_json('" + input.resolve("platform_tasks") + "/*.jsonl', format = 'newline_delimited', ignore_errors = true, "
                    + "columns = {task_id: 'VARCHAR', platform_id: 'VARCHAR', county_code: 'VARCHAR', township_code: 'VARCHAR', "
                    + "pushed_at: 'VARCHAR', kind: 'VARCHAR', recipients: 'BIGINT', expected_minutes: 'BIGINT', "
                    + "deadline_hours: 'BIGINT'}) GROUP BY ALL) TO '" + output.resolve("tasks_county_month.parquet")
                    + "' (FORMAT parquet)");
            s.execute("COPY (SELECT county_code, substr(issued_on, 1, 7) AS month, count(*) AS documents_issued, "
                    + "count(*) FILTER (WHERE requires_grassroots_report) AS documents_requiring_report "
                    + "FROM read_json('" + input.resolve("documents") + "/*.jsonl', format = 'newline_delimited', ignore_errors = true, "
                    + "columns = {doc_id: 'VARCHAR', issuer: 'VARCHAR', issuer_level: 'VARCHAR', county_code: 'VARCHAR', "
                    + "issued_on: 'VARCHAR', pages: 'BIGINT', requires_grassroots_report: 'BOOLEAN', characters: 'BIGINT', "
                    + "scope: 'VARCHAR'}) GROUP BY ALL) TO '" + output.resolve("documents_county_month.parquet")
                    + "' (FORMAT parquet)");
            s.execute("COPY (SELECT county_code, substr(started_at, 1, 7) AS month, count(*) AS meetings_held, "
                    + "sum(duration_minutes) AS meeting_minutes, sum(duration_minutes * grassroots_attendees) AS attendee_minutes "
                    + "FROM read_csv('" + input.resolve("meetings") + "/*.csv', header = true, all_varchar = false, ignore_errors = true, "
                    + "types = {'county_code': 'VARCHAR', 'township_code': 'VARCHAR', 'started_at': 'VARCHAR'}) "
                    + "GROUP BY ALL) TO '" + output.resolve("meetings_county_month.parquet") + "' (FORMAT parquet)");
            try (ResultSet r = s.executeQuery("SELECT sum(tasks_pushed) FROM '" + output.resolve("tasks_county_month.parquet")
                    + "'")) {
                r.next();
                System.out.printf(Locale.ROOT, "duckdb: %d task rows aggregated in %.1f s%n", r.getLong(1),
                        (System.nanoTime() - started) / 1e9);
            }
        }
    }
}
