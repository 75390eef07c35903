package org.burdenwatch.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.records.Period;

/**
 * What the report's templates show (src/main/jte/report): every text, figure and chart coordinate
 * computed here from {@link ReportData}, the markup in the templates, where jte escapes every
 * value for its HTML context. Nothing here is HTML.
 */
public final class ReportView {
    private ReportView() {
    }

    /** The prefecture's headline figures: documents, meetings, platforms, burden hours per cadre. */
    static final List<String> GLANCE = List.of("documents_issued", "meetings_held", "platforms_active",
            "burden_hours_per_cadre");
    /** The figures the overview shows per prefecture, each with its year-on-year change. */
    static final List<String> OVERVIEW = List.of("documents_issued", "meetings_held", "burden_hours_per_cadre");

    static final String CURRENT = "#2b6cb0";
    static final String PREVIOUS = "#b8c7d9";

    /** The line under the title; {@code period} null when the output has none. */
    public record Meta(String period, String start, String end, String previousPeriod, String runId,
                       String generatedAt) {
    }

    /** A figure as shown, with the division, indicator and field (value, prev, change_pct) a test compares it by. */
    public record Figure(String division, String indicator, String field, String text) {
    }

    /** A headline card; {@code tone} is " down", " up" or "". */
    public record Card(String label, String name, String tone, Figure value, Figure prev, Figure change) {
    }

    /** One indicator's chart: a pair of bars per county, or {@code empty} when no county has a value. */
    public record Chart(String name, String label, boolean empty, int width, int height, List<ChartRow> rows) {
    }

    /** A county's row of a chart: its name, its two bars (width 0: none) and three numbers. */
    public record ChartRow(String county, boolean incomplete, int labelY, Bar current, Bar previous, Placed value,
                           Placed prev, Placed change) {
    }

    public record Bar(int x, int y, int width, int height, String color) {
    }

    /** A figure placed at (x, y) in a chart. */
    public record Placed(int x, int y, Figure figure) {
    }

    public record QualityRow(String code, String name, boolean complete, String gaps, String quarantined,
                             long targetsUnverified) {
    }

    public record ProjectionRow(String status, String name, String code, String target, String value,
                                String projected, String threshold, boolean atRisk) {
    }

    public record MissedRow(String name, String code, String target, String indicator, String value, String threshold,
                            String rule) {
    }

    public record FindingRow(String code, String period, String indicator, String source, String stated,
                             String computed, String verdict, String explanation) {
    }

    /** A figure revised after publication, as the report shows it. */
    public record RevisionRow(String code, String period, String indicator, String published, String now,
                              String change, String lateRecords) {
    }

    public record QuarantineRow(String recordType, boolean supplied, String read, String accepted, String quarantined,
                                String duplicates, String reasons) {
    }

    /** A prefecture's page. */
    public record Page(String title, String place, Meta meta, boolean hasData, String noDataText,
                       String periodsWithData, boolean hasPrefectureRow, List<Card> cards, boolean allComplete,
                       List<Chart> charts, List<QualityRow> quality, String projectionYear,
                       List<ProjectionRow> projections, String noMissedText, List<MissedRow> missed,
                       List<FindingRow> findings, long revised, List<RevisionRow> revisions,
                       List<QuarantineRow> quarantine) {
        public String previousColor() {
            return PREVIOUS;
        }

        public String currentColor() {
            return CURRENT;
        }
    }

    public record OverviewColumn(String label, String name) {
    }

    public record OverviewRow(String code, String name, String href, List<Figure> figures, long missed,
                              String incomplete, long revised) {
    }

    /** The overview of several prefectures, worst first. */
    public record Overview(String title, Meta meta, List<OverviewColumn> columns, List<OverviewRow> rows) {
    }

    static Page page(ReportData data, String generatedAt) {
        Period p = data.period();
        String place = data.prefecture() != null ? data.prefecture().name() : "";
        String noData = p == null ? "输出中没有指标表 The output holds no indicator table."
                : "期间 " + p.label() + " 没有指标数据。No indicator rows for " + p.label() + ".";
        String periods = data.periodsAvailable().isEmpty() ? "—" : String.join(", ", data.periodsAvailable());
        String year = data.projections().isEmpty() ? null : data.projections().get(0).year();
        String noMissed = data.hasData() ? "本期各县均达标。No target was missed in this period."
                : "本期无数据。No data for this period.";
        return new Page((place + " 基层减负监测报告 " + (p == null ? "" : p.label())).trim(), place,
                meta(p, data.runId(), generatedAt), data.hasData(), noData, periods, data.prefecture() != null,
                cards(data), data.counties().stream().allMatch(ReportData.Division::dataComplete), charts(data),
                quality(data), year, projections(data), noMissed, missed(data), findings(data),
                data.revisedCount(), revisions(data), quarantine(data));
    }

    static Meta meta(Period p, String runId, String generatedAt) {
        return p == null ? new Meta(null, null, null, null, String.valueOf(runId), generatedAt)
                : new Meta(p.label(), p.start().toString(), p.end().toString(), p.previousYear().label(),
                String.valueOf(runId), generatedAt);
    }

    private static List<Card> cards(ReportData data) {
        ReportData.Division pref = data.prefecture();
        List<Card> out = new ArrayList<>();
        if (pref == null) {
            return out;
        }
        for (String name : GLANCE) {
            Double change = pref.value(name + "_change_pct");
            String tone = change == null ? "" : change < 0 ? " down" : change > 0 ? " up" : "";
            out.add(new Card(indicator(name).chineseLabel(), name, tone, figure(pref, name, "value"),
                    figure(pref, name, "prev"), figure(pref, name, "change_pct")));
        }
        return out;
    }

    private static final int ROW_HEIGHT = 30;
    private static final int LABEL_WIDTH = 118;
    private static final int BAR_SPACE = 150;

    /** One small chart per indicator: a pair of bars (this period, the same period last year) per county. */
    private static List<Chart> charts(ReportData data) {
        List<Chart> out = new ArrayList<>();
        for (Indicator i : ReportData.charted()) {
            double max = 0;
            boolean any = false;
            for (ReportData.Division d : data.counties()) {
                for (String f : List.of(i.name(), i.name() + "_prev")) {
                    Double v = d.value(f);
                    if (v != null) {
                        any = true;
                        max = Math.max(max, v);
                    }
                }
            }
            int width = LABEL_WIDTH + BAR_SPACE + 130;
            int height = ROW_HEIGHT * data.counties().size() + 6;
            List<ChartRow> rows = new ArrayList<>();
            int y = 4;
            for (ReportData.Division d : any ? data.counties() : List.<ReportData.Division>of()) {
                Double cur = d.value(i.name());
                Double prev = d.value(i.name() + "_prev");
                rows.add(new ChartRow(d.name(), !d.dataComplete(), y + 14,
                        new Bar(LABEL_WIDTH, y, barLength(cur, max), 13, CURRENT),
                        new Bar(LABEL_WIDTH, y + 15, barLength(prev, max), 8, PREVIOUS),
                        new Placed(LABEL_WIDTH + barLength(cur, max) + 4, y + 11, figure(d, i.name(), "value")),
                        new Placed(LABEL_WIDTH + barLength(prev, max) + 4, y + 23, figure(d, i.name(), "prev")),
                        new Placed(width - 2, y + 17, figure(d, i.name(), "change_pct"))));
                y += ROW_HEIGHT;
            }
            out.add(new Chart(i.name(), i.chineseLabel(), !any, width, height, rows));
        }
        return out;
    }

    private static int barLength(Double v, double max) {
        return v == null || max <= 0 ? 0 : (int) Math.round(v / max * BAR_SPACE);
    }

    /** 数据可信度: per division, whether its records are complete for the period, why not, and what rests on them. */
    private static List<QualityRow> quality(ReportData data) {
        List<ReportData.Division> all = new ArrayList<>();
        if (data.prefecture() != null) {
            all.add(data.prefecture());
        }
        all.addAll(data.counties());
        return all.stream().map(d -> new QualityRow(d.code(), d.name(), d.dataComplete(),
                d.dataComplete() ? "" : d.dataGaps(),
                d.quarantinedShare() == null ? "" : oneDecimal(d.quarantinedShare() * 100) + "%",
                d.targetsUnverified())).toList();
    }

    private static List<ProjectionRow> projections(ReportData data) {
        return data.projections().stream().map(p -> new ProjectionRow(p.projectedStatus(), p.divisionName(),
                p.divisionCode(), p.target(), format(p.value(), false), format(p.projectedValue(), false),
                bound(p.direction()) + format(p.threshold(), false), "at_risk".equals(p.projectedStatus()))).toList();
    }

    private static List<MissedRow> missed(ReportData data) {
        return data.missedTargets().stream().map(t -> new MissedRow(t.divisionName(), t.divisionCode(), t.target(),
                t.indicator(), format(t.value(), false), bound(t.direction()) + format(t.threshold(), false),
                t.rule())).toList();
    }

    private static List<FindingRow> findings(ReportData data) {
        return data.findings().stream().map(f -> new FindingRow(f.divisionCode(), f.period(), f.indicator(),
                f.source(), format(f.reportedChangePct(), true), format(f.computedChangePct(), true), f.verdict(),
                f.explanation())).toList();
    }

    private static List<RevisionRow> revisions(ReportData data) {
        return data.revisions().stream().limit(ReportData.REVISIONS_LISTED).map(r -> new RevisionRow(r.divisionCode(), r.period(), r.indicator(),
                format(r.published(), false), format(r.now(), false), format(r.relativeChangePct(), true),
                grouped(r.lateRecords()))).toList();
    }

    private static List<QuarantineRow> quarantine(ReportData data) {
        return data.quarantine().stream().map(c -> new QuarantineRow(c.recordType(), c.supplied(), grouped(c.read()),
                grouped(c.accepted()), grouped(c.quarantined()), grouped(c.duplicates()),
                String.join(", ", c.topReasons()))).toList();
    }

    /**
     * The national overview: one row per prefecture (its figures and their change, the targets its
     * divisions missed, how many of its divisions' records are incomplete), worst first: most targets
     * missed, then most incomplete divisions, then the largest rise in burden hours per cadre. Each
     * row links to the prefecture's page ({@code pageOf}).
     */
    static Overview overview(ReportData all, String generatedAt, Function<String, String> pageOf) {
        Period p = all.period();
        record Line(ReportData page, long missed, long incomplete, Double rise) {
        }
        List<Line> lines = new ArrayList<>();
        for (String code : all.prefectureCodes()) {
            ReportData page = all.forPrefecture(code);
            List<ReportData.Division> divisions = new ArrayList<>(page.counties());
            divisions.add(page.prefecture());
            lines.add(new Line(page, page.missedTargets().size(),
                    divisions.stream().filter(d -> !d.dataComplete()).count(),
                    page.prefecture().value("burden_hours_per_cadre_change_pct")));
        }
        lines.sort(Comparator.comparingLong((Line l) -> -l.missed()).thenComparingLong(l -> -l.incomplete())
                .thenComparing(l -> l.rise() == null ? Double.NEGATIVE_INFINITY : l.rise(),
                        Comparator.reverseOrder())
                .thenComparing(l -> l.page().prefecture().code()));
        List<OverviewRow> rows = new ArrayList<>();
        for (Line l : lines) {
            ReportData.Division d = l.page().prefecture();
            List<Figure> figures = new ArrayList<>();
            for (String name : OVERVIEW) {
                figures.add(figure(d, name, "value"));
                figures.add(figure(d, name, "change_pct"));
            }
            rows.add(new OverviewRow(d.code(), d.name(), pageOf.apply(d.code()), figures, l.missed(),
                    l.incomplete() + " / " + (l.page().counties().size() + 1), l.page().revisedCount()));
        }
        List<OverviewColumn> columns = OVERVIEW.stream()
                .map(name -> new OverviewColumn(indicator(name).chineseLabel(), name)).toList();
        return new Overview(("基层减负监测 全国概览 " + (p == null ? "" : p.label())).trim(),
                meta(p, all.runId(), generatedAt), columns, rows);
    }

    private static Figure figure(ReportData.Division d, String indicator, String field) {
        String column = "value".equals(field) ? indicator : indicator + "_" + field;
        return new Figure(d.code(), indicator, field, format(d.value(column), "change_pct".equals(field)));
    }

    private static Indicator indicator(String name) {
        return ReportData.charted().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static String bound(String direction) {
        return "at_most".equals(direction) ? "≤ " : "≥ ";
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String oneDecimal(double v) {
        return new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /**
     * A figure as shown: whole numbers grouped (1,154), others to at most 2 decimals, a change with
     * its sign and % (−16.3%); "—" when there is none.
     */
    public static String format(Double v, boolean change) {
        if (v == null) {
            return "—";
        }
        if (change) {
            return (v > 0 ? "+" : v < 0 ? "−" : "") + oneDecimal(Math.abs(v)) + "%";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return grouped((long) (double) v);
        }
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }
}
