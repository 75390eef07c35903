package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.records.Vocabularies;
import org.burdenwatch.sample.NationalGenerator;
import org.burdenwatch.testing.RollupInvariants;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.validation.DivisionDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prefecture is its counties plus its own organs, on every column of the county table
 * ({@link RollupInvariants} lists each column's class): on data/sample, on a generated tree of
 * several prefectures with 1% garbage, and as a property over random small trees. The organs' own
 * part is the county table computed from the prefecture organs' records alone.
 */
class RollupInvariantTest extends SparkTestBase {
    @TempDir
    static Path dir;

    private static final TargetsFile.Parameters PARAMETERS =
            TargetsFile.defaults(Indicators.forTargets()).parameters();

    /** The county table from the prefecture organs' records alone, for an output's published facts. */
    private static Dataset<Row> ownOrgans(Path output, Dataset<Row> county) {
        Dataset<Row> facts = spark.read().parquet(output.resolve("_incremental/facts").toString());
        List<DivisionDirectory.Division> all = new ArrayList<>();
        for (Row r : spark.read().parquet(output.resolve("clean/divisions").toString()).collectAsList()) {
            all.add(new DivisionDirectory.Division(r.getAs("code"), r.getAs("name"), r.getAs("level"),
                    r.getAs("parent_code"), r.getAs("grassroots_cadres")));
        }
        DivisionDirectory divisions = new DivisionDirectory(all);
        List<String> prefectures = all.stream().filter(d -> Vocabularies.PREFECTURE.equals(d.level()))
                .map(DivisionDirectory.Division::code).toList();
        Set<IndicatorSource> supplied = EnumSet.noneOf(IndicatorSource.class);
        for (Row r : facts.select("source").distinct().collectAsList()) {
            supplied.add(IndicatorSource.valueOf(r.getString(0)));
        }
        Row range = county.filter("period_type = 'month' and period_complete")
                .selectExpr("min(period)", "max(period)").first();
        YearMonth first = YearMonth.parse(range.getString(0));
        YearMonth last = YearMonth.parse(range.getString(1));
        IndicatorTables.Periods periods = new IndicatorTables.Periods(Period.overlapping(first, last), first, last);
        return IndicatorTables.countyTable(spark, facts.filter(col(Facts.COUNTY).isin(prefectures.toArray())),
                supplied, divisions, periods, new IndicatorTables.Model(PARAMETERS, null));
    }

    private static void assertRollsUp(Path output) {
        Dataset<Row> county = spark.read().parquet(output.resolve("indicators/county").toString()).cache();
        assertTrue(county.filter("level = 'prefecture'").count() > 0, "the tree has prefecture rows");
        assertEquals(List.of(), RollupInvariants.violations(county, ownOrgans(output, county), PARAMETERS));
        Dataset<Row> township = spark.read().parquet(output.resolve("indicators/township").toString());
        assertEquals(List.of(), RollupInvariants.rowViolations(township, PARAMETERS));
        county.unpersist();
    }

    @Test
    void everyColumnOfBothTablesHasAClassAndANewOneWouldNot() {
        Path out = SampleOutput.folder(spark);
        for (String table : List.of("indicators/county", "indicators/township")) {
            String[] columns = spark.read().parquet(out.resolve(table).toString()).columns();
            assertEquals(List.of(), RollupInvariants.unclassified(columns), table);
        }
        assertEquals(List.of("an_indicator_added_later"),
                RollupInvariants.unclassified(new String[] {"documents_issued", "an_indicator_added_later"}));
    }

    @Test
    void theSamplesPrefectureIsItsCountiesPlusItsOwnOrgans() {
        assertRollsUp(SampleOutput.folder(spark));
    }

    @Test
    void theInvariantsCatchAPrefectureFigureThatIsNotItsParts() {
        Path out = SampleOutput.folder(spark);
        Dataset<Row> county = spark.read().parquet(out.resolve("indicators/county").toString());
        // the defect this test exists for: the prefecture's burden hours 30% above its parts
        Dataset<Row> inflated = county.withColumn("burden_hours", when(col("level").equalTo("prefecture"),
                col("burden_hours").multiply(1.3)).otherwise(col("burden_hours")));
        List<String> found = RollupInvariants.violations(inflated, ownOrgans(out, county), PARAMETERS);
        assertTrue(found.stream().anyMatch(v -> v.startsWith("533400|") && v.contains(" burden_hours: ")
                && v.contains("its counties'")), String.join("\n", found));
        Dataset<Row> summedRatio = county.withColumn("tasks_per_cadre", when(col("level").equalTo("prefecture"),
                col("tasks_per_cadre").plus(lit(0.5))).otherwise(col("tasks_per_cadre")));
        assertFalse(RollupInvariants.violations(summedRatio, ownOrgans(out, county), PARAMETERS).isEmpty());
    }

    @Test
    void aGeneratedTreeOfSeveralPrefecturesWithGarbageRollsUp() throws Exception {
        Path input = dir.resolve("generated");
        // 20 counties: three prefectures (9, 9 and 2 counties), a quarter of the documents from their organs
        NationalGenerator.generate(spark, NationalGenerator.Options.parse(new String[] {"--output", input.toString(),
                "--counties", "20", "--townships-per-county", "3", "--task-rows", "4000", "--years", "2",
                "--bad-fraction", "0.01", "--files", "2", "--seed", "37"}));
        Path output = dir.resolve("generated-out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), output.toString()));
        Dataset<Row> county = spark.read().parquet(output.resolve("indicators/county").toString());
        assertEquals(3, county.filter("level = 'prefecture'").select("division_code").distinct().count());
        assertRollsUp(output);
    }

    /** Random trees: 1–3 prefectures of 1–4 counties of 0–3 townships, random monthly sums of every source. */
    @Test
    void randomSmallTreesRollUp() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            List<DivisionDirectory.Division> all = new ArrayList<>();
            List<String[]> recordDivisions = new ArrayList<>(); // county code, a township or null
            int prefectures = 1 + r.nextInt(3);
            for (int p = 0; p < prefectures; p++) {
                String prefecture = String.format("5%d0000", p + 1);
                all.add(new DivisionDirectory.Division(prefecture, "州" + p, Vocabularies.PREFECTURE, null, null));
                recordDivisions.add(new String[] {prefecture, null});
                int counties = 1 + r.nextInt(4);
                for (int c = 0; c < counties; c++) {
                    String county = String.format("5%d00%02d", p + 1, c + 1);
                    all.add(new DivisionDirectory.Division(county, "县" + c, Vocabularies.COUNTY, prefecture, null));
                    recordDivisions.add(new String[] {county, null});
                    int townships = r.nextInt(4);
                    for (int t = 0; t < townships; t++) {
                        String township = county + String.format("%03d", 101 + t);
                        all.add(new DivisionDirectory.Division(township, "镇" + t, Vocabularies.TOWNSHIP, county,
                                (long) r.nextInt(200)));
                        recordDivisions.add(new String[] {county, township});
                    }
                }
            }
            DivisionDirectory divisions = new DivisionDirectory(all);
            List<Row> rows = new ArrayList<>();
            List<StructField> fields = List.of(Facts.schema().fields());
            YearMonth first = YearMonth.of(2023, 1);
            YearMonth last = YearMonth.of(2024, 6);
            for (String[] where : recordDivisions) {
                for (IndicatorSource source : IndicatorSource.values()) {
                    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                        if (r.nextInt(3) == 0) {
                            continue;
                        }
                        Object[] values = new Object[fields.size()];
                        values[0] = source.name();
                        values[1] = where[0];
                        values[2] = where[1];
                        values[3] = java.sql.Date.valueOf(m.atDay(1));
                        values[4] = source.isEvent() ? (long) r.nextInt(50) : null;
                        for (int i = 5; i < fields.size(); i++) {
                            String name = fields.get(i).name();
                            boolean ours = Indicators.ALL.stream().anyMatch(x -> x.name().equals(name)
                                    && x.source() == source);
                            values[i] = ours ? (long) r.nextInt(name.contains("minutes") || name.contains("hours")
                                    ? 5000 : 40) : null;
                        }
                        rows.add(RowFactory.create(values));
                    }
                }
            }
            Dataset<Row> facts = spark.createDataFrame(rows, Facts.schema());
            List<String> prefectureCodes = all.stream().filter(d -> Vocabularies.PREFECTURE.equals(d.level()))
                    .map(DivisionDirectory.Division::code).toList();
            IndicatorTables.Periods periods = new IndicatorTables.Periods(Period.overlapping(first, last), first, last);
            Set<IndicatorSource> supplied = EnumSet.allOf(IndicatorSource.class);
            IndicatorTables.Model model = new IndicatorTables.Model(PARAMETERS, null);
            Dataset<Row> county = IndicatorTables.countyTable(spark, facts, supplied, divisions, periods, model);
            Dataset<Row> own = IndicatorTables.countyTable(spark, facts.filter(col(Facts.COUNTY)
                    .isin(prefectureCodes.toArray())), supplied, divisions, periods, model);
            assertEquals(List.of(), RollupInvariants.violations(county, own, PARAMETERS), "seed " + seed);
        }
    }
}
