package org.burdenwatch.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes a national-scale input tree in the records.md layout, in parallel with Spark itself:
 * divisions (prefectures, counties, townships), documents (JSON Lines), meetings (CSV),
 * platforms (JSON Lines) and platform tasks (JSON Lines, about 20 per document: they dominate).
 * Every row is a function of the seed and its number, so the same options give the same files
 * on any cluster. An optional fraction of rows is garbage (not JSON, or a CSV line of the wrong
 * shape), each of which the job must quarantine; {@code _generated.json} says how many.
 *
 * <pre>jobs/generate.sh --counties 2844 --task-rows 20000000 --output DIR</pre>
 */
public final class NationalGenerator {
    private NationalGenerator() {
    }

    /** The options; rows of the other types follow from the task rows. */
    public record Options(String output, int counties, int townshipsPerCounty, long taskRows,
                          java.time.YearMonth firstMonth, int months, String idPrefix, double badFraction, long seed,
                          int files) implements java.io.Serializable {
        public long documentRows() {
            return Math.max(1, taskRows / 20);
        }

        public long meetingRows() {
            return Math.max(1, taskRows / 80);
        }

        public long platformRows() {
            return counties * 6L;
        }

        public static Options parse(String[] args) {
            String output = null;
            int counties = 2844;
            int townships = 13;
            long tasks = 20_000_000L;
            int firstYear = 2023;
            int years = 2;
            String firstMonth = null;
            int months = 0;
            String idPrefix = "";
            double bad = 0;
            long seed = SampleDataGenerator.DEFAULT_SEED;
            int files = 0;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i++]) {
                    case "--output" -> output = v;
                    case "--counties" -> counties = Integer.parseInt(v);
                    case "--townships-per-county" -> townships = Integer.parseInt(v);
                    case "--task-rows" -> tasks = Long.parseLong(v);
                    case "--first-year" -> firstYear = Integer.parseInt(v);
                    case "--years" -> years = Integer.parseInt(v);
                    case "--first-month" -> firstMonth = v;
                    case "--months" -> months = Integer.parseInt(v);
                    case "--id-prefix" -> idPrefix = v;
                    case "--bad-fraction" -> bad = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--files" -> files = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i - 1]);
                }
            }
            if (output == null) {
                throw new IllegalArgumentException("missing --output DIR");
            }
            java.time.YearMonth first;
            try {
                first = firstMonth == null ? java.time.YearMonth.of(firstYear, 1) : java.time.YearMonth.parse(firstMonth);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("--first-month needs YYYY-MM: " + firstMonth);
            }
            months = months > 0 ? months : years * 12;
            if (counties < 1 || counties > 9 * 99 * 50 || townships < 1 || townships > 899 || tasks < 1 || years < 1
                    || bad < 0 || bad >= 1 || !idPrefix.matches("[A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException("counties 1…44550, townships per county 1…899, task rows ≥ 1, "
                        + "years ≥ 1, bad fraction in [0, 1), id prefix of letters, digits, - and _");
            }
            return new Options(output, counties, townships, tasks, first, months, idPrefix, bad, seed, files);
        }
    }

    public static final String USAGE = "usage: jobs/generate.sh --output DIR [--counties 2844] "
            + "[--townships-per-county 13] [--task-rows 20000000] [--first-year 2023] [--years 2] "
            + "[--first-month YYYY-MM --months N] [--id-prefix P] [--bad-fraction 0.01] [--seed N] [--files N]";

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("burden-indicators-generate").getOrCreate();
        int exit = 0;
        try {
            long started = System.nanoTime();
            Map<String, long[]> written = generate(spark, options);
            System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", options.output(), (System.nanoTime() - started) / 1e9);
            written.forEach((type, n) -> System.out.printf(Locale.ROOT, "  %-15s %,12d rows  %,9d garbage%n",
                    type, n[0], n[1]));
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    /** The county code of county number {@code c}: 9 counties per prefecture, 40 prefectures per province. */
    static String countyCode(int c) {
        int prefecture = c / 9;
        return String.format(Locale.ROOT, "%02d%02d%02d", 11 + prefecture / 40, 1 + prefecture % 40, 1 + c % 9);
    }

    static String prefectureCode(int c) {
        return countyCode(c).substring(0, 4) + "00";
    }

    static String townshipCode(int c, int t) {
        return countyCode(c) + String.format(Locale.ROOT, "%03d", 101 + t);
    }

    /** Writes the tree; returns rows and garbage rows per type. Refuses a non-empty output folder. */
    public static Map<String, long[]> generate(SparkSession spark, Options o) throws IOException {
        Path root = new Path(o.output());
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (fs.exists(root) && fs.listStatus(root).length > 0) {
            throw new IllegalStateException("refusing to write into " + o.output() + ": it is not empty");
        }
        fs.mkdirs(root);
        Map<String, long[]> written = new LinkedHashMap<>();
        written.put("divisions", new long[] {writeDivisions(fs, root, o), 0});
        int parallelism = o.files() > 0 ? o.files() : Math.max(spark.sparkContext().defaultParallelism(), 1);
        written.put("documents", write(spark, fs, root, o, "documents", ".jsonl", null, o.documentRows(),
                filesFor(o.documentRows(), parallelism, o.files()), NationalGenerator::document));
        written.put("meetings", write(spark, fs, root, o, "meetings", ".csv",
                "meeting_id,organizer,organizer_level,county_code,township_code,started_at,duration_minutes,"
                        + "attendees,grassroots_attendees,format", o.meetingRows(),
                filesFor(o.meetingRows(), parallelism, o.files()), NationalGenerator::meeting));
        written.put("platforms", write(spark, fs, root, o, "platforms", ".jsonl", null, o.platformRows(),
                filesFor(o.platformRows(), parallelism, o.files()), NationalGenerator::platform));
        written.put("platform_tasks", write(spark, fs, root, o, "platform_tasks", ".jsonl", null, o.taskRows(),
                filesFor(o.taskRows(), parallelism, o.files()), NationalGenerator::task));
        StringBuilder manifest = new StringBuilder("{\"options\":\"")
                .append(o.toString().replace("output=" + o.output() + ", ", "").replace("\"", "'"))
                .append("\",\"rows\":{");
        String sep = "";
        for (Map.Entry<String, long[]> e : written.entrySet()) {
            manifest.append(sep).append('"').append(e.getKey()).append("\":{\"rows\":").append(e.getValue()[0])
                    .append(",\"garbage\":").append(e.getValue()[1]).append('}');
            sep = ",";
        }
        manifest.append("}}\n");
        try (OutputStream out = fs.create(new Path(root, "_generated.json"), false)) {
            out.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
        }
        return written;
    }

    /** About 128 MiB per file at ~200 bytes a row, at least the parallelism. */
    private static int filesFor(long rows, int parallelism, int fixed) {
        if (fixed > 0) {
            return fixed;
        }
        return (int) Math.max(parallelism, Math.min(10_000, rows / 600_000 + 1));
    }

    private static long writeDivisions(FileSystem fs, Path root, Options o) throws IOException {
        StringBuilder s = new StringBuilder("code,name,level,parent_code,grassroots_cadres\n");
        long rows = 0;
        String lastPrefecture = null;
        for (int c = 0; c < o.counties(); c++) {
            String prefecture = prefectureCode(c);
            if (!prefecture.equals(lastPrefecture)) {
                s.append(prefecture).append(",地区").append(prefecture).append(",prefecture,,\n");
                lastPrefecture = prefecture;
                rows++;
            }
            String county = countyCode(c);
            s.append(county).append(",县").append(county).append(",county,").append(prefecture).append(",\n");
            rows++;
            SplittableRandom r = new SplittableRandom(o.seed() ^ (c * 0x9E3779B97F4A7C15L));
            for (int t = 0; t < o.townshipsPerCounty(); t++) {
                s.append(townshipCode(c, t)).append(",乡镇").append(townshipCode(c, t)).append(",township,")
                        .append(county).append(',').append(30 + r.nextInt(50)).append('\n');
                rows++;
            }
        }
        fs.mkdirs(new Path(root, "divisions"));
        try (OutputStream out = fs.create(new Path(root, "divisions/divisions.csv"), false)) {
            out.write(s.toString().getBytes(StandardCharsets.UTF_8));
        }
        return rows;
    }

    /** One row of a type from its number and a random source seeded by it. */
    @FunctionalInterface
    interface RowWriter extends java.io.Serializable {
        String row(long n, SplittableRandom r, Options o);
    }

    private static long[] write(SparkSession spark, FileSystem fs, Path root, Options o, String type, String extension,
                              String header, long rows, int files, RowWriter writer) throws IOException {
        LongAccumulator garbage = spark.sparkContext().longAccumulator(type + " garbage");
        Path staging = new Path(root, "_generating/" + type);
        MapPartitionsFunction<Long, String> lines = ids -> new Iterator<>() {
            boolean headerDue = header != null;

            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public String next() {
                long n = ids.next();
                SplittableRandom r = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L
                        + type.hashCode()); // row n of a type is the same whatever the partitioning
                String line = r.nextDouble() < o.badFraction() ? garbageLine(r, header != null, garbage)
                        : writer.row(n, r, o);
                if (headerDue) {
                    headerDue = false;
                    return header + "\n" + line;
                }
                return line;
            }
        };
        Dataset<String> text = spark.range(0, rows, 1, files).as(Encoders.LONG()).mapPartitions(lines, Encoders.STRING());
        text.write().mode(SaveMode.ErrorIfExists).option("compression", "none").text(staging.toString());
        Path target = new Path(root, type);
        fs.mkdirs(target);
        int i = 0;
        FileStatus[] parts = fs.listStatus(staging);
        java.util.Arrays.sort(parts); // by path: part-00000 first, whatever order the listing gives
        for (FileStatus f : parts) {
            String name = f.getPath().getName();
            if (name.startsWith("part-") && f.getLen() > 0) {
                if (!fs.rename(f.getPath(), new Path(target, String.format(Locale.ROOT, "%spart-%05d%s", o.idPrefix(), i++, extension)))) {
                    throw new IOException("cannot move " + f.getPath());
                }
            }
        }
        fs.delete(staging, true); // only Spark's own _SUCCESS and empty parts are left in our staging folder
        Path generating = new Path(root, "_generating");
        if (fs.listStatus(generating).length == 0) {
            fs.delete(generating, false);
        }
        return new long[] {rows, garbage.value()};
    }

    private static String garbageLine(SplittableRandom r, boolean csv, LongAccumulator garbage) {
        garbage.add(1);
        // not JSON at all, or a CSV line with a field count and values no header matches
        return csv ? "#####,garbage " + r.nextInt(1_000_000) : "garbage line " + r.nextInt(1_000_000) + " {";
    }

    private static final String[] LEVELS = {"county", "county", "county", "prefecture"};
    private static final String[] TASK_KINDS = {"report", "report", "report", "checkin", "photo_proof", "ranking"};
    private static final String[] FORMATS = {"onsite", "video", "hybrid"};
    private static final String[] PLATFORM_KINDS = {"app", "public_account", "work_group", "work_group", "mini_program"};

    private static int county(SplittableRandom r, Options o) {
        return r.nextInt(o.counties());
    }

    /** A date-time in the covered months, as Asia/Shanghai wall-clock text with its offset. */
    private static String timestamp(SplittableRandom r, Options o) {
        java.time.YearMonth ym = o.firstMonth().plusMonths(r.nextInt(o.months()));
        int year = ym.getYear();
        int month = ym.getMonthValue();
        int day = 1 + r.nextInt(28);
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:00+08:00", year, month, day, 6 + r.nextInt(16),
                r.nextInt(60));
    }

    static String document(long n, SplittableRandom r, Options o) {
        int c = county(r, o);
        String level = LEVELS[r.nextInt(LEVELS.length)];
        String code = "prefecture".equals(level) ? prefectureCode(c) : countyCode(c);
        return "{\"doc_id\":\"D" + o.idPrefix() + n + "\",\"issuer\":\"机关" + code + "\",\"issuer_level\":\"" + level
                + "\",\"county_code\":\"" + code + "\",\"issued_on\":\"" + timestamp(r, o).substring(0, 10)
                + "\",\"pages\":" + (1 + r.nextInt(20)) + ",\"requires_grassroots_report\":" + (r.nextInt(4) == 0)
                + ",\"characters\":" + (500 + r.nextInt(6000)) + ",\"scope\":\"routine\"}";
    }

    static String meeting(long n, SplittableRandom r, Options o) {
        int c = county(r, o);
        int attendees = 5 + r.nextInt(80);
        String township = r.nextInt(3) == 0 ? townshipCode(c, r.nextInt(o.townshipsPerCounty())) : "";
        return "M" + o.idPrefix() + n + ",机关" + countyCode(c) + ",county," + countyCode(c) + "," + township + ","
                + timestamp(r, o) + "," + (30 + r.nextInt(240)) + "," + attendees + "," + r.nextInt(attendees + 1) + ","
                + FORMATS[r.nextInt(FORMATS.length)];
    }

    static String platform(long n, SplittableRandom r, Options o) {
        int c = (int) (n % o.counties());
        String launched = o.firstMonth().getYear() - 1 - r.nextInt(3) + "-0" + (1 + r.nextInt(9)) + "-15";
        String retired = r.nextInt(5) == 0 ? ",\"retired_on\":\"" + timestamp(r, o).substring(0, 10) + "\"" : "";
        return "{\"platform_id\":\"P" + n + "\",\"kind\":\"" + PLATFORM_KINDS[r.nextInt(PLATFORM_KINDS.length)]
                + "\",\"name\":\"平台" + n + "\",\"owner_level\":\"county\",\"county_code\":\"" + countyCode(c)
                + "\",\"launched_on\":\"" + launched + "\"" + retired + ",\"members\":" + (10 + r.nextInt(500))
                + ",\"features\":[\"daily_report\"" + (r.nextInt(3) == 0 ? ",\"checkin\"" : "") + "]}";
    }

    static String task(long n, SplittableRandom r, Options o) {
        int c = county(r, o);
        long platform = c + (long) o.counties() * r.nextInt(6);
        return "{\"task_id\":\"T" + o.idPrefix() + n + "\",\"platform_id\":\"P" + platform + "\",\"county_code\":\"" + countyCode(c)
                + "\",\"township_code\":\"" + townshipCode(c, r.nextInt(o.townshipsPerCounty())) + "\",\"pushed_at\":\""
                + timestamp(r, o) + "\",\"kind\":\"" + TASK_KINDS[r.nextInt(TASK_KINDS.length)] + "\",\"recipients\":"
                + (1 + r.nextInt(40)) + ",\"expected_minutes\":" + (5 + r.nextInt(120)) + ",\"deadline_hours\":"
                + (4 + r.nextInt(96)) + "}";
    }
}
