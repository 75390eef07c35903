package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.burdenwatch.indicators.IndicatorSource.DOCUMENTS;
import static org.burdenwatch.indicators.IndicatorSource.MEETINGS;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.dayofweek;
import static org.burdenwatch.indicators.IndicatorSource.INSPECTIONS;
import static org.burdenwatch.indicators.IndicatorSource.PLATFORMS;
import static org.burdenwatch.indicators.IndicatorSource.RESEARCH_VISITS;
import static org.burdenwatch.indicators.IndicatorSource.TASKS;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.records.Vocabularies;

/** The catalogue of indicators of indicators/county (and township). One entry per indicator. */
public final class Indicators {
    private Indicators() {
    }

    /** Features the 2024 opinions on fingertip formalism ban: forced check-ins, rankings, points, online time, forced downloads. */
    public static final List<String> BANNED_FEATURES =
            List.of("checkin", "ranking", "points", "online_time", "forced_download");

    private static final Column ONE = lit(1L);

    /** Active on the period's last day: launched_on ≤ end and (retired_on is null or end < retired_on). */
    static Column activeAtPeriodEnd() {
        Column end = col("period_end");
        return col("launched_on").leq(end).and(col("retired_on").isNull().or(end.lt(col("retired_on"))));
    }

    private static Column countIf(Column condition) {
        return when(condition, 1L).otherwise(0L);
    }

    private static Indicator count(String name, IndicatorSource source, Column measure, boolean township,
                                   String label, String definition) {
        return new Indicator(name, source, measure, Indicator.Unit.COUNT, Indicator.Over.SUM, township, label,
                definition);
    }

    /** A count of a state on the period's last day (platforms active then): a period takes its last month's. */
    private static Indicator state(String name, IndicatorSource source, Column measure, boolean township,
                                   String label, String definition) {
        return new Indicator(name, source, measure, Indicator.Unit.COUNT, Indicator.Over.END, township, label,
                definition);
    }

    private static Indicator hours(String name, IndicatorSource source, Column minutes, boolean township,
                                   String label, String definition) {
        return new Indicator(name, source, minutes, Indicator.Unit.HOURS, Indicator.Over.SUM, township, label,
                definition);
    }

    public static final List<Indicator> ALL = build();

    private static List<Indicator> build() {
        List<Indicator> all = new ArrayList<>();
        all.add(count("documents_issued", DOCUMENTS, ONE, false, "发文数量",
                "documents whose issued_on falls in the period, issued by organs of this division"));
        all.add(count("documents_requiring_report", DOCUMENTS,
                countIf(coalesce(col("requires_grassroots_report"), lit(false))), false, "要求基层报送的文件数",
                "of those documents, the ones that require grassroots reporting"));
        all.add(count("meetings_held", MEETINGS, ONE, true, "会议数量",
                "meetings whose started_at falls in the period (Asia/Shanghai)"));
        all.add(hours("meeting_hours", MEETINGS, col("duration_minutes"), true,
                "会议时长(小时)", "sum of meeting durations, in hours"));
        all.add(hours("grassroots_attendee_hours", MEETINGS,
                col("duration_minutes").multiply(coalesce(col("grassroots_attendees"), lit(0L))), true, "基层参会人时",
                "sum of duration × grassroots attendees, in hours: the time meetings took from grassroots cadres"));
        all.add(state("platforms_active", PLATFORMS, countIf(activeAtPeriodEnd()), true, "在用平台数",
                "platforms (apps, public accounts, work groups, mini programs) active on the period's last day"));
        String[][] kinds = {
            {"app", "在用政务App数"}, {"public_account", "在用政务公众账号数"},
            {"work_group", "在用工作群组数"}, {"mini_program", "在用小程序数"}};
        for (String[] kind : kinds) {
            all.add(state("platforms_active_" + kind[0], PLATFORMS,
                    countIf(activeAtPeriodEnd().and(col("kind").equalTo(kind[0]))), true, kind[1],
                    "platforms of kind " + kind[0] + " active on the period's last day"));
        }
        all.add(count("platforms_retired", PLATFORMS,
                countIf(col("retired_on").between(col("period_start"), col("period_end"))), true, "精简(停用)平台数",
                "platforms whose retired_on falls in the period (closed or merged)"));
        Column banned = array(BANNED_FEATURES.stream().map(f -> lit(f)).toArray(Column[]::new));
        all.add(state("platforms_with_banned_features", PLATFORMS,
                countIf(activeAtPeriodEnd().and(coalesce(arrays_overlap(col("features"), banned), lit(false)))),
                true, "含禁止功能的平台数",
                "active platforms with check-in, ranking, points, online-time or forced-download features"));
        all.add(state("platforms_dormant", PLATFORMS,
                countIf(activeAtPeriodEnd().and(col("last_active_on").leq(date_sub(col("period_end"), DORMANT_DAYS)))),
                true, "僵尸(沉寂)平台数",
                "platforms active on the period's last day with no activity in the " + DORMANT_DAYS
                        + " days before it (last_active_on ≤ period_end − " + DORMANT_DAYS + ")"));
        all.add(state("apps_owned_below_county", PLATFORMS,
                countIf(activeAtPeriodEnd().and(col("kind").equalTo("app"))
                        .and(col("owner_level").equalTo(Vocabularies.TOWNSHIP))), true, "乡镇自建政务App数",
                "active government apps owned by a township (units below county level build no app)"));

        // 2024 rules on documents and meetings
        Column limit = when(col("scope").equalTo("special"), lit(4000L)).otherwise(lit(5000L));
        all.add(count("documents_over_length", DOCUMENTS,
                countIf(col("scope").notEqual("comprehensive").and(col("characters").gt(limit))), false,
                "超篇幅文件数",
                "documents over 4,000 characters (special-task) or 5,000 (others); comprehensive deployments exempt"));
        all.add(count("meetings_over_half_day", MEETINGS, countIf(col("duration_minutes").gt(HALF_DAY_MINUTES)), true,
                "超半天会议数", "meetings longer than half a day (" + HALF_DAY_MINUTES + " minutes)"));

        // platform tasks: 填报 / 打卡 / 留痕 pushed down to the grassroots
        Column localTime = col("pushed_local_time");
        Column weekend = dayofweek(col("pushed_on")).isin(1, 7);
        all.add(count("tasks_pushed", TASKS, ONE, true, "平台下发任务数", "tasks pushed through platforms in the period"));
        all.add(count("task_recipient_minutes", TASKS,
                col("recipients").multiply(coalesce(col("expected_minutes"), lit(0L))), true,
                "任务耗时(人·分钟)", "sum of recipients × expected minutes per recipient"));
        all.add(count("tasks_after_hours", TASKS,
                countIf(localTime.lt(WORKDAY_START).or(localTime.gt(WORKDAY_END)).or(weekend)), true, "非工作时间下发任务数",
                "tasks pushed before 08:30 or after 18:00 Asia/Shanghai, or on a Saturday or Sunday"));
        all.add(count("tasks_short_deadline", TASKS, countIf(col("deadline_hours").lt(24)), true, "限时不足24小时任务数",
                "tasks with a deadline under 24 hours"));
        all.add(count("tasks_checkin_or_photo", TASKS, countIf(col("kind").isin("checkin", "photo_proof")), true,
                "打卡与留痕拍照任务数", "check-in and photo-proof (留痕) tasks"));

        // 督检考
        all.add(count("inspections_total", INSPECTIONS, ONE, false, "督检考事项数",
                "supervision, inspection and assessment items started in the period"));
        all.add(count("inspections_outside_plan", INSPECTIONS, countIf(col("in_annual_plan").equalTo(false)), false,
                "计划外督检考事项数", "items not in the annual plan"));
        all.add(count("inspections_unapproved", INSPECTIONS, countIf(col("approved").equalTo(false)), false,
                "未报批报备督检考事项数", "items without approval or filing (报批报备)"));
        all.add(count("units_inspected", INSPECTIONS, coalesce(col("units_inspected"), lit(0L)), false,
                "涉及基层单位数", "grassroots units the items involved"));

        // 调研
        all.add(count("research_visits", RESEARCH_VISITS, ONE, true, "调研次数", "research visits in the period"));
        all.add(count("visits_solving_problems", RESEARCH_VISITS, countIf(col("problems_solved").geq(1)), true,
                "解决问题的调研次数", "visits that solved at least one concrete problem"));
        all.add(count("problems_solved", RESEARCH_VISITS, col("problems_solved"), true, "解决问题数",
                "problems the visits solved"));
        all.add(count("unannounced_visits", RESEARCH_VISITS, countIf(col("unannounced").equalTo(true)), true,
                "四不两直调研次数", "unannounced visits straight to the grassroots (四不两直)"));
        return List.copyOf(all);
    }

    /** A meeting longer than this is over half a day (2024 rules: other meetings at most half a day). */
    public static final int HALF_DAY_MINUTES = 240;
    /** A platform silent this long before a period's end is dormant (a "zombie"). */
    public static final int DORMANT_DAYS = 90;
    /** Tasks pushed before this or after {@link #WORKDAY_END} (Asia/Shanghai) are after hours. */
    public static final String WORKDAY_START = "08:30:00";
    public static final String WORKDAY_END = "18:00:00";

    /**
     * Burden hours (Standard Cost Model, time × quantity): grassroots attendee hours of meetings +
     * task recipient-minutes / 60 + township reports demanded × hours per report + units inspected ×
     * hours per inspected unit. Derived from the sums above, each additive: a prefecture's burden
     * hours are its counties' plus its own organs'.
     */
    public static final Indicator BURDEN_HOURS = new Indicator("burden_hours", null, null, Indicator.Unit.HOURS,
            Indicator.Over.SUM, true, "基层负担工时(小时)", "estimated hours the period's demands took from grassroots cadres");
    public static final Indicator BURDEN_HOURS_PER_CADRE = new Indicator("burden_hours_per_cadre", null, null,
            Indicator.Unit.HOURS, Indicator.Over.SUM, true, "人均基层负担工时",
            "burden_hours / grassroots_cadres, computed on the unrounded burden hours (its change is burden_hours'); "
                    + "null when there are no cadres");

    /**
     * The column of the county table's attributed facts that holds how many townships the records'
     * division reaches: a county its own townships, a prefecture (its own organs) all the townships
     * of its counties ({@link IndicatorTables#rollup}).
     */
    public static final String TOWNSHIPS_REACHED = "_townships_reached";

    /**
     * Township reports the period's documents demanded: each document requiring grassroots reporting
     * times the townships its issuer's division reaches. Measured on the monthly facts of each record
     * division before the prefecture roll-up, so a county's documents are charged to its own
     * townships only, in its row and in its prefecture's, and a prefecture's row is its counties'
     * sum plus its own organs'. Not a per-record measure: it is not in {@link #ALL} (the facts).
     */
    public static final Indicator TOWNSHIP_REPORTS_DEMANDED = new Indicator("township_reports_demanded", DOCUMENTS,
            col("documents_requiring_report").multiply(col(TOWNSHIPS_REACHED)), Indicator.Unit.COUNT,
            Indicator.Over.SUM, false, "文件要求乡镇报送次数",
            "documents requiring grassroots reporting × the townships each reaches (a county's documents its own "
                    + "townships; a prefecture organ's, all the townships of its counties); a prefecture's row is "
                    + "its counties' sum plus its own organs'");

    /** The summed indicators of the county table: {@link #ALL} and those measured on the attributed facts. */
    public static final List<Indicator> COUNTY_TABLE = countyTable();

    private static List<Indicator> countyTable() {
        List<Indicator> out = new ArrayList<>(ALL);
        int after = out.indexOf(out.stream().filter(i -> i.name().equals("documents_requiring_report"))
                .findFirst().orElseThrow());
        out.add(after + 1, TOWNSHIP_REPORTS_DEMANDED);
        return List.copyOf(out);
    }

    /** Indicators with a year-on-year pair (X_prev, X_change_pct) in the county table. */
    public static List<Indicator> withYearOnYear() {
        List<Indicator> out = new ArrayList<>(COUNTY_TABLE);
        out.add(BURDEN_HOURS);
        out.add(BURDEN_HOURS_PER_CADRE);
        return out;
    }

    /**
     * A rate, share or flag the tables derive per period from the sums (no year-on-year pair: they
     * are ratios), with its data-dictionary entry. {@code township}: also in the township table.
     */
    public record Derived(String name, String sqlType, String unit, String chineseLabel, String definition,
                          boolean township, Ratio ratio) {
        Derived(String name, String sqlType, String unit, String chineseLabel, String definition, boolean township) {
            this(name, sqlType, unit, chineseLabel, definition, township, null);
        }

        /** A ratio of two sums, declared once: the tables compute it and the dictionary states it from here. */
        static Derived ratio(String name, String unit, String chineseLabel, Ratio ratio) {
            return new Derived(name, "double", unit, chineseLabel, ratio.definition(), true, ratio);
        }
    }

    /**
     * numerator / denominator, rounded half-up to {@code decimals}; null when the denominator is 0
     * or null. {@code numerator} is a sum's name, optionally divided by a constant ({@code minutes / 60}).
     */
    public record Ratio(String numerator, double numeratorDivisor, String denominator, int decimals) {
        static Ratio of(String numerator, String denominator, int decimals) {
            return new Ratio(numerator, 1, denominator, decimals);
        }

        String definition() {
            String top = numeratorDivisor == 1 ? numerator : numerator + " / " + (long) numeratorDivisor;
            return top + " / " + denominator + " (" + Indicator.roundedTo(decimals) + ")";
        }

        /** The one formula of a rate or share. */
        public static Column of(Column numerator, Column denominator, int decimals) {
            return when(denominator.gt(0), HalfUp.round(numerator.cast(DataTypes.DoubleType).divide(denominator), decimals));
        }

        /** This ratio over the columns of a table of sums. */
        public Column column() {
            Column top = numeratorDivisor == 1 ? col(numerator) : col(numerator).divide(numeratorDivisor);
            return of(top, col(denominator), decimals);
        }
    }

    /** Rates, shares and flags of the county table (and, where {@code township}, the township table). */
    public static final List<Derived> DERIVED = List.of(
            new Derived("burden_share_meetings", "double", "share 0–1", "负担来源占比:会议",
                    "meetings' share of burden_hours (" + Indicator.roundedTo(BurdenModel.SHARE_DECIMALS) + ")", true),
            new Derived("burden_share_tasks", "double", "share 0–1", "负担来源占比:平台任务",
                    "platform tasks' share of burden_hours (" + Indicator.roundedTo(BurdenModel.SHARE_DECIMALS) + ")", true),
            new Derived("burden_share_documents", "double", "share 0–1", "负担来源占比:文件报送",
                    "document reporting's share of burden_hours (" + Indicator.roundedTo(BurdenModel.SHARE_DECIMALS) + ")", true),
            new Derived("burden_share_inspections", "double", "share 0–1", "负担来源占比:督检考",
                    "督检考's share of burden_hours (" + Indicator.roundedTo(BurdenModel.SHARE_DECIMALS) + ")", true),
            Derived.ratio("tasks_per_cadre", "tasks per cadre", "人均任务数",
                    Ratio.of("tasks_pushed", "grassroots_cadres", 2)),
            Derived.ratio("task_hours_per_cadre", "hours per cadre", "人均任务工时",
                    new Ratio("task_recipient_minutes", 60, "grassroots_cadres", 2)),
            Derived.ratio("visits_solving_problems_share", "share 0–1", "调研解决问题比例",
                    Ratio.of("visits_solving_problems", "research_visits", 4)),
            Derived.ratio("problems_solved_per_visit", "problems per visit", "每次调研解决问题数",
                    Ratio.of("problems_solved", "research_visits", 2)),
            Derived.ratio("unannounced_visit_share", "share 0–1", "四不两直比例",
                    Ratio.of("unannounced_visits", "research_visits", 4)),
            new Derived("inspection_plan_cap", "bigint", "items per year", "督检考年度计划上限",
                    "the division's annual 督检考 plan cap (parameter inspection_plan_caps); null when none is set", false),
            new Derived("inspection_plan_cap_use", "double", "share of cap", "督检考计划使用率",
                    "inspections_total / inspection_plan_cap (" + Indicator.roundedTo(BurdenModel.SHARE_DECIMALS)
                            + "); above 1 means over the cap", false),
            new Derived("routine_score_share", "double", "share 0–1", "平时分占比",
                    "the year's 平时分 share of the assessment (assessments/), as given (not rounded), carried to "
                            + "the year's months, quarters and halves", false),
            new Derived("burden_shifted", "boolean", "flag", "负担转移(变相发文)",
                    "true when documents and meetings fell year on year while tasks or task minutes rose by more "
                            + "than burden_shift_margin_pct; false when documents or meetings did not fall; "
                            + "null when the figures behind it are missing", false));

    /** The names of {@link #DERIVED}: rates, shares and flags a target may name. */
    public static final List<String> RATES = DERIVED.stream().map(Derived::name).toList();

    /** Every county-table indicator a target may name. */
    public static Set<String> targetable() {
        Set<String> names = new LinkedHashSet<>();
        withYearOnYear().forEach(i -> names.add(i.name()));
        names.addAll(RATES);
        return names;
    }

    /** What the targets file checks its entries against. */
    public static TargetsFile.Targetable forTargets() {
        Set<String> previous = new LinkedHashSet<>();
        withYearOnYear().forEach(i -> previous.add(i.name()));
        return new TargetsFile.Targetable(targetable(), previous);
    }

    public static List<Indicator> forTownships() {
        return ALL.stream().filter(Indicator::township).toList();
    }

    /**
     * The revision of the indicators' rules, in every run's settings: raised whenever a formula
     * changes what a published figure is, so that a rerun into an output computed under the old rules
     * recomputes every period instead of keeping the old figures. 2: a prefecture's document
     * reporting burden is its counties' plus its own organs' ({@link #TOWNSHIP_REPORTS_DEMANDED}). 3: the
     * facts count late records (补录), the tables carry late_records.
     */
    public static final int RULES_REVISION = 3;

    /** The division levels of the county table. */
    public static final List<String> COUNTY_TABLE_LEVELS = List.of(Vocabularies.COUNTY, Vocabularies.PREFECTURE);
}
