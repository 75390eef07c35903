package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.burdenwatch.indicators.IndicatorSource.DOCUMENTS;
import static org.burdenwatch.indicators.IndicatorSource.MEETINGS;
import static org.burdenwatch.indicators.IndicatorSource.PLATFORMS;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
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
        return new Indicator(name, source, measure, Indicator.Unit.COUNT, township, label, definition);
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
        all.add(new Indicator("meeting_hours", MEETINGS, col("duration_minutes"), Indicator.Unit.HOURS, true,
                "会议时长(小时)", "sum of meeting durations, in hours"));
        all.add(new Indicator("grassroots_attendee_hours", MEETINGS,
                col("duration_minutes").multiply(coalesce(col("grassroots_attendees"), lit(0L))),
                Indicator.Unit.HOURS, true, "基层参会人时",
                "sum of duration × grassroots attendees, in hours: the time meetings took from grassroots cadres"));
        all.add(count("platforms_active", PLATFORMS, countIf(activeAtPeriodEnd()), true, "在用平台数",
                "platforms (apps, public accounts, work groups, mini programs) active on the period's last day"));
        String[][] kinds = {
            {"app", "在用政务App数"}, {"public_account", "在用政务公众账号数"},
            {"work_group", "在用工作群组数"}, {"mini_program", "在用小程序数"}};
        for (String[] kind : kinds) {
            all.add(count("platforms_active_" + kind[0], PLATFORMS,
                    countIf(activeAtPeriodEnd().and(col("kind").equalTo(kind[0]))), true, kind[1],
                    "platforms of kind " + kind[0] + " active on the period's last day"));
        }
        all.add(count("platforms_retired", PLATFORMS,
                countIf(col("retired_on").between(col("period_start"), col("period_end"))), true, "精简(停用)平台数",
                "platforms whose retired_on falls in the period (closed or merged)"));
        Column banned = array(BANNED_FEATURES.stream().map(f -> lit(f)).toArray(Column[]::new));
        all.add(count("platforms_with_banned_features", PLATFORMS,
                countIf(activeAtPeriodEnd().and(coalesce(arrays_overlap(col("features"), banned), lit(false)))),
                true, "含禁止功能的平台数",
                "active platforms with check-in, ranking, points, online-time or forced-download features"));
        return List.copyOf(all);
    }

    public static List<Indicator> forTownships() {
        return ALL.stream().filter(Indicator::township).toList();
    }

    /** The division levels of the county table. */
    public static final List<String> COUNTY_TABLE_LEVELS = List.of(Vocabularies.COUNTY, Vocabularies.PREFECTURE);
}
