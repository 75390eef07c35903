package org.burdenwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's fair reference: DuckDB doing the work the pipeline does, on the same raw files
 * of a generated national tree (divisions and meetings as CSV; documents, platforms and platform
 * tasks as JSON Lines), so that the two are compared on equal terms:
 *
 * <ul>
 * <li>each line read once, with its file and line number;</li>
 * <li>every field cast with {@code TRY_CAST} (timestamps converted to their Asia/Shanghai day, the
 * plausible window of dates checked), and a list of reasons per record;</li>
 * <li>county and township references checked by joins to the accepted divisions;</li>
 * <li>duplicates by {@code row_number()} over the natural key, ordered by file and line;</li>
 * <li>clean, quarantine and duplicates written as Parquet for every type;</li>
 * <li>every column of both indicator tables but completeness and targets ({@link ReferenceIndicators}):
 * facts by county, township and month; the prefecture roll-up; periods; the zero-filled grids;
 * year-on-year; burden hours, shares and rates; written as Parquet partitioned by period_type.</li>
 * </ul>
 *
 * It reads the forms the generator writes (English keys, ISO dates and timestamps with an offset,
 * CSV without quoted fields); the pipeline reads every form of records.md. Its tables are checked
 * against the pipeline's on every column they compute (FairReferenceTest).
 *
 * <pre>java -cp target/test-classes:DUCKDB_JAR org.burdenwatch.bench.FairDuckDbReference INPUT OUTPUT [TODAY]</pre>
 *
 * With {@code -Dfair.timing=true} it prints each statement's seconds to stderr.
 */
public final class FairDuckDbReference {
    private FairDuckDbReference() {
    }

    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        LocalDate today = args.length > 2 ? LocalDate.parse(args[2]) : LocalDate.now(ZoneId.of("Asia/Shanghai"));
        long started = System.nanoTime();
        Map<String, long[]> counts = run(input, output, today);
        System.out.printf(Locale.ROOT, "fair reference: %.1f s%n", (System.nanoTime() - started) / 1e9);
        counts.forEach((t, c) -> System.out.printf(Locale.ROOT, "  %-15s accepted %,d quarantined %,d duplicates %,d%n",
                t, c[0], c[1], c[2]));
    }

    /** Runs the reference; returns accepted, quarantined and duplicates per record type. */
    public static Map<String, long[]> run(Path input, Path output, LocalDate today) throws SQLException, java.io.IOException {
        if (Files.exists(output)) {
            throw new IllegalStateException(output + " exists");
        }
        Files.createDirectories(output);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET preserve_insertion_order = false");
            String window = "BETWEEN DATE '2000-01-01' AND DATE '" + today.plusYears(1) + "'";
            // every line of every file once, with its file and line number
            for (String type : List.of("divisions", "documents", "meetings", "platforms", "platform_tasks")) {
                String ext = type.equals("divisions") || type.equals("meetings") ? "csv" : "jsonl";
                // JSON Lines: the line as JSON too, null when it is not JSON (malformed_json)
                timed(s, "CREATE TABLE lines_" + type + " AS SELECT *"
                        + (ext.equals("jsonl") ? ", TRY_CAST(line AS JSON) AS j" : "") + " FROM ("
                        + "SELECT filename AS source_file, generate_subscripts(l, 1)::BIGINT AS source_line, "
                        + "unnest(l) AS line FROM ("
                        + "SELECT filename, string_split(regexp_replace(content, '\\r', '', 'g'), chr(10)) AS l "
                        + "FROM read_text('" + input.resolve(type) + "/*." + ext + "')))");
                timed(s, "DELETE FROM lines_" + type + " WHERE line = ''"
                        + (ext.equals("csv") ? " OR source_line = 1" : ""));
            }
            // divisions: CSV code,name,level,parent_code,grassroots_cadres
            timed(s, "CREATE TABLE v_divisions AS SELECT source_file, source_line, line, f, "
                    + "nullif(trim(f[1]), '') AS code, nullif(trim(f[2]), '') AS name, nullif(trim(f[3]), '') AS level, "
                    + "nullif(trim(f[4]), '') AS parent_code, TRY_CAST(nullif(trim(f[5]), '') AS BIGINT) AS grassroots_cadres "
                    + "FROM (SELECT *, string_split(line, ',') AS f FROM lines_divisions)");
            timed(s, "CREATE TABLE divisions AS SELECT * FROM v_divisions WHERE len(f) = 5 AND code IS NOT NULL "
                    + "AND regexp_full_match(code, '\\d{6}(\\d{3})?') AND level IN ('prefecture', 'county', 'township')");
            // documents: JSON Lines
            timed(s, validated("documents", "doc_id",
                    "j->>'$.doc_id' AS doc_id, j->>'$.issuer' AS issuer, j->>'$.issuer_level' AS issuer_level, "
                            + "j->>'$.county_code' AS county_code, TRY_CAST(j->>'$.issued_on' AS DATE) AS issued_on, "
                            + "j->>'$.issued_on' AS issued_on_text, TRY_CAST(j->>'$.pages' AS BIGINT) AS pages, "
                            + "TRY_CAST(j->>'$.requires_grassroots_report' AS BOOLEAN) AS requires_grassroots_report, "
                            + "TRY_CAST(j->>'$.characters' AS BIGINT) AS characters, "
                            + "coalesce(j->>'$.scope', 'routine') AS scope",
                    "CASE WHEN doc_id IS NULL THEN 'missing_required:doc_id' END, "
                            + "CASE WHEN issuer IS NULL THEN 'missing_required:issuer' END, "
                            + "CASE WHEN issuer_level IS NULL THEN 'missing_required:issuer_level' "
                            + "WHEN issuer_level NOT IN ('prefecture', 'county', 'township') THEN 'invalid_enum:issuer_level' END, "
                            + county("county_code")
                            + "CASE WHEN issued_on_text IS NULL THEN 'missing_required:issued_on' "
                            + "WHEN issued_on IS NULL THEN 'invalid_date:issued_on' "
                            + "WHEN issued_on NOT " + window + " THEN 'out_of_range:issued_on' END, "
                            + "CASE WHEN pages < 1 THEN 'out_of_range:pages' END, "
                            + "CASE WHEN characters < 0 THEN 'out_of_range:characters' END, "
                            + "CASE WHEN scope NOT IN ('comprehensive', 'special', 'routine') THEN 'invalid_enum:scope' END",
                    "issued_on AS event_day"));
            // meetings: CSV meeting_id,organizer,organizer_level,county_code,township_code,started_at,
            // duration_minutes,attendees,grassroots_attendees,format
            timed(s, "CREATE TABLE f_meetings AS SELECT *, string_split(line, ',') AS f FROM lines_meetings");
            timed(s, validated("meetings", "meeting_id",
                    "nullif(trim(f[1]), '') AS meeting_id, nullif(trim(f[2]), '') AS organizer, "
                            + "nullif(trim(f[3]), '') AS organizer_level, nullif(trim(f[4]), '') AS county_code, "
                            + "nullif(trim(f[5]), '') AS township_code, " + shanghai("nullif(trim(f[6]), '')", "started")
                            + ", TRY_CAST(nullif(trim(f[7]), '') AS BIGINT) AS duration_minutes, "
                            + "TRY_CAST(nullif(trim(f[8]), '') AS BIGINT) AS attendees, "
                            + "coalesce(TRY_CAST(nullif(trim(f[9]), '') AS BIGINT), 0) AS grassroots_attendees, "
                            + "coalesce(nullif(trim(f[10]), ''), 'onsite') AS format, len(f) AS fields",
                    "CASE WHEN fields <> 10 THEN 'column_count_mismatch' END, "
                            + "CASE WHEN meeting_id IS NULL THEN 'missing_required:meeting_id' END, "
                            + "CASE WHEN organizer IS NULL THEN 'missing_required:organizer' END, "
                            + "CASE WHEN organizer_level IS NULL THEN 'missing_required:organizer_level' "
                            + "WHEN organizer_level NOT IN ('prefecture', 'county', 'township') THEN 'invalid_enum:organizer_level' END, "
                            + county("county_code") + township("township_code", "county_code")
                            + "CASE WHEN started_text IS NULL THEN 'missing_required:started_at' "
                            + "WHEN started_day IS NULL THEN 'invalid_timestamp:started_at' "
                            + "WHEN started_day NOT " + window + " THEN 'out_of_range:started_at' END, "
                            + "CASE WHEN duration_minutes IS NULL THEN 'missing_required:duration_minutes' "
                            + "WHEN duration_minutes NOT BETWEEN 1 AND 1440 THEN 'out_of_range:duration_minutes' END, "
                            + "CASE WHEN attendees IS NULL THEN 'missing_required:attendees' "
                            + "WHEN attendees < 1 THEN 'out_of_range:attendees' END, "
                            + "CASE WHEN grassroots_attendees < 0 THEN 'out_of_range:grassroots_attendees' END, "
                            + "CASE WHEN format NOT IN ('onsite', 'video', 'hybrid') THEN 'invalid_enum:format' END, "
                            + "CASE WHEN grassroots_attendees > attendees THEN 'grassroots_exceeds_attendees' END",
                    "started_day AS event_day", "f_meetings"));
            // platforms: JSON Lines
            timed(s, validated("platforms", "platform_id",
                    "j->>'$.platform_id' AS platform_id, j->>'$.kind' AS kind, j->>'$.name' AS name, "
                            + "j->>'$.owner_level' AS owner_level, j->>'$.county_code' AS county_code, "
                            + "j->>'$.township_code' AS township_code, "
                            + "TRY_CAST(j->>'$.launched_on' AS DATE) AS launched_on, j->>'$.launched_on' AS launched_text, "
                            + "TRY_CAST(j->>'$.retired_on' AS DATE) AS retired_on, "
                            + "TRY_CAST(j->>'$.last_active_on' AS DATE) AS last_active_on, "
                            + "TRY_CAST(j->>'$.members' AS BIGINT) AS members, "
                            + "TRY_CAST(j->'$.features' AS VARCHAR[]) AS features",
                    "CASE WHEN platform_id IS NULL THEN 'missing_required:platform_id' END, "
                            + "CASE WHEN kind IS NULL THEN 'missing_required:kind' "
                            + "WHEN kind NOT IN ('app', 'public_account', 'work_group', 'mini_program') THEN 'invalid_enum:kind' END, "
                            + "CASE WHEN name IS NULL THEN 'missing_required:name' END, "
                            + county("county_code") + township("township_code", "county_code")
                            + "CASE WHEN launched_text IS NULL THEN 'missing_required:launched_on' "
                            + "WHEN launched_on IS NULL THEN 'invalid_date:launched_on' "
                            + "WHEN launched_on NOT " + window + " THEN 'out_of_range:launched_on' END, "
                            + "CASE WHEN retired_on < launched_on THEN 'retired_before_launched' END",
                    "NULL::DATE AS event_day"));
            // platform tasks: JSON Lines
            timed(s, validated("platform_tasks", "task_id",
                    "j->>'$.task_id' AS task_id, j->>'$.platform_id' AS platform_id, "
                            + "j->>'$.county_code' AS county_code, j->>'$.township_code' AS township_code, "
                            + shanghai("j->>'$.pushed_at'", "pushed") + ", j->>'$.kind' AS kind, "
                            + "coalesce(TRY_CAST(j->>'$.recipients' AS BIGINT), 1) AS recipients, "
                            + "TRY_CAST(j->>'$.expected_minutes' AS BIGINT) AS expected_minutes, "
                            + "TRY_CAST(j->>'$.deadline_hours' AS BIGINT) AS deadline_hours",
                    "CASE WHEN task_id IS NULL THEN 'missing_required:task_id' END, "
                            + county("county_code") + township("township_code", "county_code")
                            + "CASE WHEN pushed_text IS NULL THEN 'missing_required:pushed_at' "
                            + "WHEN pushed_day IS NULL THEN 'invalid_timestamp:pushed_at' "
                            + "WHEN pushed_day NOT " + window + " THEN 'out_of_range:pushed_at' END, "
                            + "CASE WHEN kind IS NULL THEN 'missing_required:kind' "
                            + "WHEN kind NOT IN ('report', 'checkin', 'photo_proof', 'ranking') THEN 'invalid_enum:kind' END, "
                            + "CASE WHEN recipients < 1 THEN 'out_of_range:recipients' END, "
                            + "CASE WHEN expected_minutes NOT BETWEEN 0 AND 1440 THEN 'out_of_range:expected_minutes' END, "
                            + "CASE WHEN deadline_hours < 0 THEN 'out_of_range:deadline_hours' END",
                    "pushed_day AS event_day"));

            Map<String, long[]> counts = new LinkedHashMap<>();
            for (String type : List.of("documents", "meetings", "platforms", "platform_tasks")) {
                counts.put(type, writeRecordTables(s, type, output));
            }
            // the accepted records as the indicator reference reads them, then every indicator column
            String clean = " WHERE len(reasons) = 0 AND _copy = 1";
            timed(s, "CREATE VIEW c_documents AS SELECT county_code, NULL::VARCHAR AS township_code, issued_on AS day, "
                    + "requires_grassroots_report, scope, characters FROM v_documents" + clean);
            timed(s, "CREATE VIEW c_meetings AS SELECT county_code, township_code, started_day AS day, duration_minutes, "
                    + "grassroots_attendees FROM v_meetings" + clean);
            timed(s, "CREATE VIEW c_platform_tasks AS SELECT county_code, township_code, pushed_day AS day, "
                    + "pushed_local_time AS local_time, kind, recipients, expected_minutes, deadline_hours "
                    + "FROM v_platform_tasks" + clean);
            timed(s, "CREATE VIEW c_platforms AS SELECT county_code, township_code, kind, owner_level, launched_on, "
                    + "retired_on, last_active_on, features FROM v_platforms" + clean);
            ReferenceIndicators.write(s, output, java.util.Set.of("documents", "meetings", "platforms", "platform_tasks"),
                    ReferenceIndicators.Parameters.defaults());
            return counts;
        }
    }

    /** A county reference: a known county or prefecture. */
    private static String county(String field) {
        return "CASE WHEN " + field + " IS NULL THEN 'missing_required:" + field + "' "
                + "WHEN NOT regexp_full_match(" + field + ", '\\d{6}(\\d{3})?') THEN 'invalid_code:" + field + "' "
                + "WHEN _" + field + "_level IS NULL THEN 'unknown_division:" + field + "' "
                + "WHEN _" + field + "_level NOT IN ('county', 'prefecture') THEN 'not_a_county:" + field + "' END, ";
    }

    /** A township reference: a known township of the record's county. */
    private static String township(String field, String county) {
        return "CASE WHEN " + field + " IS NULL THEN NULL "
                + "WHEN NOT regexp_full_match(" + field + ", '\\d{6}(\\d{3})?') THEN 'invalid_code:" + field + "' "
                + "WHEN _" + field + "_level IS NULL THEN 'unknown_division:" + field + "' "
                + "WHEN _" + field + "_level <> 'township' THEN 'not_a_township:" + field + "' "
                + "WHEN " + county + " IS NOT NULL AND _" + field + "_parent <> " + county
                + " THEN 'township_not_in_county:" + field + "' END, ";
    }

    /**
     * A timestamp text as its Asia/Shanghai day and wall-clock time: the text's local time minus its
     * offset (none: already Shanghai time) plus eight hours.
     */
    private static String shanghai(String text, String name) {
        String t = "_" + name + "_t";
        return text + " AS " + name + "_text, "
                + "(TRY_CAST(replace(substr(" + text + ", 1, 19), 'T', ' ') AS TIMESTAMP) - to_minutes(CASE "
                + "WHEN " + text + " LIKE '%Z' THEN 0 "
                + "WHEN regexp_matches(" + text + ", '[+-]\\d{2}:\\d{2}$') THEN (CASE WHEN substr(" + text
                + ", -6, 1) = '-' THEN -1 ELSE 1 END) * (TRY_CAST(substr(" + text + ", -5, 2) AS INT) * 60 + "
                + "TRY_CAST(substr(" + text + ", -2, 2) AS INT)) ELSE 480 END) + INTERVAL 480 MINUTE) AS " + t + ", "
                + t + "::DATE AS " + name + "_day, strftime(" + t + ", '%H:%M:%S') AS " + name + "_local_time";
    }

    /**
     * The validated rows of a type: its columns, the reasons (a list, in field order), references
     * joined to the accepted divisions, and the first copy of each natural key among valid rows.
     */
    private static String validated(String type, String key, String columns, String reasons, String eventDay) {
        return validated(type, key, columns, reasons, eventDay, "lines_" + type);
    }

    private static String validated(String type, String key, String columns, String reasons, String eventDay,
                                    String from) {
        boolean json = !type.equals("meetings");
        String parsed = "SELECT source_file, source_line, line, " + columns + (json ? ", json_valid(line) AS _json_ok"
                : ", true AS _json_ok") + " FROM " + from + (json ? " WHERE true" : "");
        boolean hasTownship = columns.contains("township_code");
        String refs = "SELECT p.*, dc.level AS _county_code_level"
                + (hasTownship ? ", dt.level AS _township_code_level, dt.parent_code AS _township_code_parent" : "")
                + " FROM (" + parsed + ") p LEFT JOIN divisions dc ON dc.code = p.county_code"
                + (hasTownship ? " LEFT JOIN divisions dt ON dt.code = p.township_code" : "");
        String withReasons = "SELECT *, CASE WHEN NOT _json_ok THEN ['malformed_json'] ELSE list_filter(["
                + reasons + "], x -> x IS NOT NULL) END AS reasons, " + eventDay + " FROM (" + refs + ")";
        return "CREATE TABLE v_" + type + " AS SELECT *, CASE WHEN len(reasons) = 0 THEN row_number() OVER "
                + "(PARTITION BY len(reasons) = 0, " + key + " ORDER BY source_file, source_line) END AS _copy, "
                + "CASE WHEN len(reasons) = 0 THEN first_value(source_file) OVER (PARTITION BY len(reasons) = 0, "
                + key + " ORDER BY source_file, source_line) END AS _kept_file, "
                + "CASE WHEN len(reasons) = 0 THEN first_value(source_line) OVER (PARTITION BY len(reasons) = 0, "
                + key + " ORDER BY source_file, source_line) END AS _kept_line FROM (" + withReasons + ")";
    }

    /** clean/, quarantine/ and duplicates/ of a type; returns accepted, quarantined, duplicates. */
    private static long[] writeRecordTables(Statement s, String type, Path output) throws SQLException {
        timed(s, "COPY (SELECT * EXCLUDE (line, reasons, _copy, _kept_file, _kept_line, _json_ok) FROM v_" + type
                + " WHERE len(reasons) = 0 AND _copy = 1) TO '" + output.resolve("clean_" + type + ".parquet")
                + "' (FORMAT parquet)");
        timed(s, "COPY (SELECT '" + type + "' AS record_type, source_file, source_line, CASE WHEN _json_ok THEN line "
                + "END AS raw, length(line) AS raw_length, CASE WHEN NOT _json_ok THEN sha256(line) END AS raw_sha256, "
                + "reasons FROM v_" + type + " WHERE len(reasons) > 0) TO '"
                + output.resolve("quarantine_" + type + ".parquet") + "' (FORMAT parquet)");
        timed(s, "COPY (SELECT '" + type + "' AS record_type, source_file, source_line, line AS raw, "
                + "_kept_file AS kept_source_file, _kept_line AS kept_source_line FROM v_" + type
                + " WHERE len(reasons) = 0 AND _copy > 1) TO '" + output.resolve("duplicates_" + type + ".parquet")
                + "' (FORMAT parquet)");
        try (ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE len(reasons) = 0 AND _copy = 1), "
                + "count(*) FILTER (WHERE len(reasons) > 0), count(*) FILTER (WHERE len(reasons) = 0 AND _copy > 1) "
                + "FROM v_" + type)) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
        }
    }

    /** Runs one statement; with {@code -Dfair.timing=true} prints its seconds and its first words to stderr. */
    static void timed(Statement s, String sql) throws SQLException {
        long t = System.nanoTime();
        s.execute(sql);
        if (Boolean.getBoolean("fair.timing")) {
            System.err.printf(Locale.ROOT, "%7.2f s  %s%n", (System.nanoTime() - t) / 1e9,
                    sql.substring(0, Math.min(90, sql.length())).replace('\n', ' '));
        }
    }
}
