package org.burdenwatch.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Function;
import java.util.List;
import java.util.Locale;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.records.Period;

/**
 * The report as one self-contained HTML page: no script, no network (a Content-Security-Policy
 * forbids every fetch), charts as inline SVG. Chinese first, the English name beside.
 *
 * <p>Every figure on the page is an element carrying {@code data-division}, {@code data-indicator}
 * and {@code data-field} (value, prev or change_pct), so a test can compare what is shown with the
 * Parquet tables.
 */
public final class ReportPage {
    private ReportPage() {
    }

    /** The prefecture's headline figures: documents, meetings, platforms, burden hours per cadre. */
    static final List<String> GLANCE = List.of("documents_issued", "meetings_held", "platforms_active",
            "burden_hours_per_cadre");

    private static final String CURRENT = "#2b6cb0";
    private static final String PREVIOUS = "#b8c7d9";

    public static String render(ReportData data, String generatedAt) {
        StringBuilder h = new StringBuilder(64 * 1024);
        Period p = data.period();
        String place = data.prefecture() != null ? data.prefecture().name() : "";
        open(h, place + " 基层减负监测报告 " + (p == null ? "" : p.label()));
        h.append("<header><h1>").append(esc(place)).append(" 基层减负监测报告 <span class=\"en\">Grassroots burden report")
                .append("</span></h1>\n");
        meta(h, p, data.runId(), generatedAt);
        h.append("<p class=\"note\">同比 = (本期 − 去年同期) / 去年同期;")
                .append("负数为压减。Year-on-year change = (current − previous) / previous; a reduction is negative.</p>")
                .append("</header>\n");

        if (!data.hasData()) {
            h.append("<section id=\"no-data\" class=\"empty\"><h2>本期无数据 <span class=\"en\">No data for this period")
                    .append("</span></h2><p>").append(p == null ? "输出中没有指标表 The output holds no indicator table."
                            : "期间 " + esc(p.label()) + " 没有指标数据。No indicator rows for " + esc(p.label()) + ".")
                    .append("</p><p>可选期间 Periods with data: ")
                    .append(data.periodsAvailable().isEmpty() ? "—" : esc(String.join(", ", data.periodsAvailable())))
                    .append("</p></section>\n");
        } else {
            glance(h, data);
            charts(h, data);
        }
        dataQuality(h, data);
        projections(h, data);
        targets(h, data);
        findings(h, data);
        quarantine(h, data);
        h.append("<footer>burden-indicators · 指标定义见 docs/data-dictionary.md · definitions in docs/data-dictionary.md")
                .append("</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The page's head: a self-contained document that may fetch nothing (its CSP), with the styles inline. */
    private static void open(StringBuilder h, String title) {
        h.append("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(title.trim())).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    /** The line under the title: the period and the one it is compared with, the run, when the page was made. */
    private static void meta(StringBuilder h, Period p, String runId, String generatedAt) {
        h.append("<p class=\"meta\">");
        if (p != null) {
            h.append("期间 Period <b>").append(esc(p.label())).append("</b>(").append(p.start()).append(" – ")
                    .append(p.end()).append("),对比去年同期 compared with <b>").append(esc(p.previousYear().label()))
                    .append("</b> · ");
        }
        h.append("运行 run ").append(esc(String.valueOf(runId))).append(" · 生成 generated ")
                .append(esc(generatedAt)).append("</p>\n");
    }

    /** The figures the overview shows per prefecture, each with its year-on-year change. */
    static final List<String> OVERVIEW = List.of("documents_issued", "meetings_held", "burden_hours_per_cadre");

    /**
     * The national overview: one row per prefecture (its figures and their change, the targets its
     * divisions missed, how many of its divisions' records are incomplete), worst first: most targets
     * missed, then most incomplete divisions, then the largest rise in burden hours per cadre. Each
     * row links to the prefecture's page ({@code pageOf}), written beside it.
     */
    public static String renderOverview(ReportData all, String generatedAt, Function<String, String> pageOf) {
        StringBuilder h = new StringBuilder(64 * 1024);
        Period p = all.period();
        open(h, "基层减负监测 全国概览 " + (p == null ? "" : p.label()));
        h.append("<header><h1>基层减负监测 全国概览 <span class=\"en\">Grassroots burden: overview</span></h1>\n");
        meta(h, p, all.runId(), generatedAt);
        h.append("<p class=\"note\">每州一行,问题最多者在前:未达标目标最多、")
                .append("数据不完整的县最多、人均负担工时增幅最大。One row per prefecture, worst first: most targets missed, ")
                .append("then most divisions with incomplete records, then the largest rise in burden hours per cadre.</p>")
                .append("</header>\n<section id=\"overview\"><h2>各州概览 <span class=\"en\">Prefectures</span></h2>\n");
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
        h.append("<table><thead><tr><th>州 Prefecture</th>");
        for (String name : OVERVIEW) {
            h.append("<th>").append(esc(indicator(name).chineseLabel())).append(" <span class=\"en\">").append(name)
                    .append("</span></th><th>同比 change</th>");
        }
        h.append("<th>未达标 Targets missed</th><th>数据不完整 Incomplete divisions</th></tr></thead><tbody>\n");
        for (Line l : lines) {
            ReportData.Division d = l.page().prefecture();
            h.append("<tr data-division=\"").append(esc(d.code())).append("\"><td><a href=\"")
                    .append(esc(pageOf.apply(d.code()))).append("\">").append(esc(d.name())).append("</a> <span class=\"code\">")
                    .append(esc(d.code())).append("</span></td>");
            for (String name : OVERVIEW) {
                h.append("<td class=\"n\"").append(dataAttributes(d, name, "value")).append('>')
                        .append(esc(format(d.value(name), false))).append("</td><td class=\"n\"")
                        .append(dataAttributes(d, name, "change_pct")).append('>')
                        .append(esc(format(d.value(name + "_change_pct"), true))).append("</td>");
            }
            h.append("<td class=\"n missed\">").append(l.missed()).append("</td><td class=\"n incomplete\">")
                    .append(l.incomplete()).append(" / ").append(l.page().counties().size() + 1).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
        h.append("<footer>burden-indicators · 指标定义见 docs/data-dictionary.md · definitions in docs/data-dictionary.md")
                .append("</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void glance(StringBuilder h, ReportData data) {
        ReportData.Division pref = data.prefecture();
        h.append("<section id=\"glance\"><h2>全州概览 <span class=\"en\">The prefecture at a glance</span></h2>\n");
        if (pref == null) {
            h.append("<p class=\"empty\">本期无州级汇总行 No prefecture row for this period.</p></section>\n");
            return;
        }
        h.append("<div class=\"cards\">\n");
        for (String name : GLANCE) {
            Indicator i = indicator(name);
            Double change = pref.value(name + "_change_pct");
            String tone = change == null ? "" : change < 0 ? " down" : change > 0 ? " up" : "";
            h.append("<div class=\"card").append(tone).append("\"><div class=\"label\">").append(esc(i.chineseLabel()))
                    .append(" <span class=\"en\">").append(name).append("</span></div>");
            h.append("<div class=\"big\">").append(figure(pref, name, "value")).append("</div>");
            h.append("<div class=\"sub\">去年同期 previous ").append(figure(pref, name, "prev"))
                    .append(" · 同比 change ").append(figure(pref, name, "change_pct")).append("</div></div>\n");
        }
        h.append("</div></section>\n");
    }

    /** One small chart per indicator: a pair of bars (this period, the same period last year) per county. */
    private static void charts(StringBuilder h, ReportData data) {
        h.append("<section id=\"charts\"><h2>分县指标 <span class=\"en\">Indicators by county</span></h2>\n")
                .append("<p class=\"legend\"><svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"")
                .append(CURRENT).append("\"/></svg> 本期 this period <svg width=\"12\" height=\"12\"><rect width=\"12\" ")
                .append("height=\"12\" fill=\"").append(PREVIOUS).append("\"/></svg> 去年同期 same period last year")
                .append(data.counties().stream().allMatch(ReportData.Division::dataComplete) ? ""
                        : " · * 数据不完整,见“数据可信度” records incomplete, see Data quality")
                .append("</p>\n")
                .append("<div class=\"grid\">\n");
        for (Indicator i : ReportData.charted()) {
            h.append("<figure class=\"chart\" data-indicator=\"").append(i.name()).append("\"><figcaption>")
                    .append(esc(i.chineseLabel())).append(" <span class=\"en\">").append(i.name())
                    .append("</span></figcaption>\n");
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
            if (!any) {
                h.append("<p class=\"empty\">本期无此项数据(记录未提供)No data: the records behind it were not supplied.</p>")
                        .append("</figure>\n");
                continue;
            }
            int rowHeight = 30;
            int labelWidth = 118;
            int barSpace = 150;
            int width = labelWidth + barSpace + 130;
            int height = rowHeight * data.counties().size() + 6;
            h.append("<svg class=\"bars\" role=\"img\" width=\"").append(width).append("\" height=\"").append(height)
                    .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">\n");
            int y = 4;
            for (ReportData.Division d : data.counties()) {
                Double cur = d.value(i.name());
                Double prev = d.value(i.name() + "_prev");
                // a county whose records are not complete for the period is marked: its bars may show missing records
                h.append("<text x=\"0\" y=\"").append(y + 14).append("\" class=\"county")
                        .append(d.dataComplete() ? "" : " incomplete").append("\">").append(esc(d.name()))
                        .append(d.dataComplete() ? "" : " *").append("</text>");
                bar(h, labelWidth, y, 13, cur, max, barSpace, CURRENT);
                bar(h, labelWidth, y + 15, 8, prev, max, barSpace, PREVIOUS);
                int textX = labelWidth + barLength(cur, max, barSpace) + 4;
                h.append("<text x=\"").append(textX).append("\" y=\"").append(y + 11).append("\" class=\"num\"")
                        .append(dataAttributes(d, i.name(), "value")).append('>').append(esc(format(cur, false)))
                        .append("</text>");
                h.append("<text x=\"").append(labelWidth + barLength(prev, max, barSpace) + 4).append("\" y=\"")
                        .append(y + 23).append("\" class=\"num prev\"").append(dataAttributes(d, i.name(), "prev"))
                        .append('>').append(esc(format(prev, false))).append("</text>");
                Double change = d.value(i.name() + "_change_pct");
                h.append("<text x=\"").append(width - 2).append("\" y=\"").append(y + 17)
                        .append("\" class=\"chg\" text-anchor=\"end\"").append(dataAttributes(d, i.name(), "change_pct"))
                        .append('>').append(esc(format(change, true))).append("</text>\n");
                y += rowHeight;
            }
            h.append("</svg></figure>\n");
        }
        h.append("</div></section>\n");
    }

    private static int barLength(Double v, double max, int space) {
        return v == null || max <= 0 ? 0 : (int) Math.round(v / max * space);
    }

    private static void bar(StringBuilder h, int x, int y, int height, Double v, double max, int space, String color) {
        int len = barLength(v, max, space);
        if (len > 0) {
            h.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(len)
                    .append("\" height=\"").append(height).append("\" fill=\"").append(color).append("\"/>");
        }
    }

    /** 数据可信度: per division, whether its records are complete for the period, why not, and what rests on them. */
    private static void dataQuality(StringBuilder h, ReportData data) {
        h.append("<section id=\"data-quality\"><h2>数据可信度 <span class=\"en\">Data quality</span></h2>\n");
        List<ReportData.Division> all = new ArrayList<>();
        if (data.prefecture() != null) {
            all.add(data.prefecture());
        }
        all.addAll(data.counties());
        if (all.isEmpty()) {
            h.append("<p class=\"empty\">本期无数据。No data for this period.</p></section>\n");
            return;
        }
        h.append("<p>记录缺报、偏少或大量被隔离的月份,本期数字可能偏低;以此为据的达标判定为“待核实”。")
                .append(" <span class=\"en\">Months whose records are missing, sparse or mostly quarantined: the ")
                .append("period's figures may be low, and targets met on them are unverified.</span></p>\n")
                .append("<table><thead><tr><th>县 Division</th><th>数据完整 Complete</th><th>缺口 Gaps</th>")
                .append("<th>隔离占比 Quarantined</th><th>待核实目标 Targets unverified</th></tr></thead><tbody>\n");
        for (ReportData.Division d : all) {
            h.append("<tr data-division=\"").append(esc(d.code())).append("\"><td>").append(esc(d.name()))
                    .append(" <span class=\"code\">").append(esc(d.code())).append("</span></td><td>")
                    .append(d.dataComplete() ? "是 yes" : "否 no").append("</td><td class=\"gaps\">")
                    .append(esc(d.dataComplete() ? "" : d.dataGaps())).append("</td><td class=\"n\">")
                    .append(d.quarantinedShare() == null ? "" : esc(new DecimalFormat("0.0",
                            DecimalFormatSymbols.getInstance(Locale.ROOT)).format(d.quarantinedShare() * 100)) + "%")
                    .append("</td><td class=\"n\">").append(d.targetsUnverified()).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    /** 年度预测: for a year under way, where each yearly target is heading. */
    private static void projections(StringBuilder h, ReportData data) {
        if (data.projections().isEmpty()) {
            return; // every year in the output is complete
        }
        String year = data.projections().get(0).year();
        h.append("<section id=\"projections\"><h2>年度预测 <span class=\"en\">On track for the year</span></h2>\n")
                .append("<p>").append(esc(year)).append(" 年尚未结束:按去年同月占全年的比例(季节性)外推全年。")
                .append(" <span class=\"en\">").append(esc(year)).append(" is under way: the year-to-date value ")
                .append("divided by the share of last year's total in the same months.</span></p>\n")
                .append("<table><thead><tr><th>县 Division</th><th>目标 Target</th><th>年初至今 To date</th>")
                .append("<th>全年预测 Projected</th><th>要求 Threshold</th><th>预测 Status</th></tr></thead><tbody>\n");
        for (ReportData.Projection p : data.projections()) {
            h.append("<tr class=\"").append(esc(p.projectedStatus())).append("\"><td>").append(esc(p.divisionName()))
                    .append(" <span class=\"code\">").append(esc(p.divisionCode())).append("</span></td><td>")
                    .append(esc(p.target())).append("</td><td class=\"n\">").append(esc(format(p.value(), false)))
                    .append("</td><td class=\"n\">").append(esc(format(p.projectedValue(), false)))
                    .append("</td><td class=\"n\">").append("at_most".equals(p.direction()) ? "≤ " : "≥ ")
                    .append(esc(format(p.threshold(), false))).append("</td><td>")
                    .append("at_risk".equals(p.projectedStatus()) ? "有风险 at risk" : "可达标 on track")
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void targets(StringBuilder h, ReportData data) {
        h.append("<section id=\"targets\"><h2>未达标目标 <span class=\"en\">Targets missed</span></h2>\n");
        if (data.missedTargets().isEmpty()) {
            h.append("<p class=\"empty\">").append(data.hasData() ? "本期各县均达标。No target was missed in this period."
                    : "本期无数据。No data for this period.").append("</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>县 Division</th><th>目标 Target</th><th>指标 Indicator</th><th>实际 Value</th>")
                .append("<th>要求 Threshold</th><th>依据 Rule</th></tr></thead><tbody>\n");
        for (ReportData.MissedTarget t : data.missedTargets()) {
            h.append("<tr><td>").append(esc(t.divisionName())).append(" <span class=\"code\">").append(esc(t.divisionCode()))
                    .append("</span></td><td>").append(esc(t.target())).append("</td><td>").append(esc(t.indicator()))
                    .append("</td><td class=\"n\">").append(esc(format(t.value(), false))).append("</td><td class=\"n\">")
                    .append("at_most".equals(t.direction()) ? "≤ " : "≥ ").append(esc(format(t.threshold(), false)))
                    .append("</td><td class=\"rule\">").append(esc(t.rule())).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void findings(StringBuilder h, ReportData data) {
        h.append("<section id=\"audit\"><h2>自报数据核查 <span class=\"en\">Reported figures that do not hold</span></h2>\n");
        if (data.findings().isEmpty()) {
            h.append("<p class=\"empty\">自报数据均与记录相符,或未提供自报数据。All reported figures hold, or none was supplied.</p>")
                    .append("</section>\n");
            return;
        }
        h.append("<table><thead><tr><th>县 County</th><th>期间 Period</th><th>指标 Indicator</th><th>出处 Source</th>")
                .append("<th>自报 Stated</th><th>核算 Computed</th><th>结论 Verdict</th><th>说明 Explanation</th></tr>")
                .append("</thead><tbody>\n");
        for (ReportData.Finding f : data.findings()) {
            h.append("<tr><td class=\"code\">").append(esc(f.divisionCode())).append("</td><td>").append(esc(f.period()))
                    .append("</td><td>").append(esc(f.indicator())).append("</td><td>").append(esc(f.source()))
                    .append("</td><td class=\"n\">").append(esc(format(f.reportedChangePct(), true)))
                    .append("</td><td class=\"n\">").append(esc(format(f.computedChangePct(), true)))
                    .append("</td><td><b>").append(esc(f.verdict())).append("</b></td><td>").append(esc(f.explanation()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void quarantine(StringBuilder h, ReportData data) {
        h.append("<section id=\"quarantine\"><h2>隔离记录 <span class=\"en\">What was quarantined</span></h2>\n")
                .append("<p class=\"note\">最近一次运行;读取 = 通过 + 隔离 + 重复。Latest run; read = accepted + quarantined ")
                .append("+ duplicates. 明细见 details in quarantine_&lt;type&gt; (jobs/query.sh).</p>\n")
                .append("<table><thead><tr><th>记录类型 Record type</th><th>读取 Read</th><th>通过 Accepted</th>")
                .append("<th>隔离 Quarantined</th><th>重复 Duplicates</th><th>主要原因 Top reasons</th></tr></thead><tbody>\n");
        for (ReportData.TypeCount c : data.quarantine()) {
            h.append("<tr><td>").append(esc(c.recordType())).append("</td>");
            if (!c.supplied()) {
                h.append("<td colspan=\"5\" class=\"empty\">未提供 not supplied</td></tr>\n");
                continue;
            }
            h.append("<td class=\"n\">").append(grouped(c.read())).append("</td><td class=\"n\">").append(grouped(c.accepted()))
                    .append("</td><td class=\"n q\" data-record-type=\"").append(esc(c.recordType()))
                    .append("\" data-field=\"quarantined\">").append(grouped(c.quarantined()))
                    .append("</td><td class=\"n\">").append(grouped(c.duplicates())).append("</td><td>")
                    .append(esc(String.join(", ", c.topReasons()))).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");
    }

    private static String dataAttributes(ReportData.Division d, String indicator, String field) {
        return " data-division=\"" + esc(d.code()) + "\" data-indicator=\"" + indicator + "\" data-field=\"" + field + "\"";
    }

    private static String figure(ReportData.Division d, String indicator, String field) {
        String column = "value".equals(field) ? indicator : indicator + "_" + field;
        return "<span" + dataAttributes(d, indicator, field) + ">" + esc(format(d.value(column), "change_pct".equals(field)))
                + "</span>";
    }

    private static Indicator indicator(String name) {
        return ReportData.charted().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
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
            return (v > 0 ? "+" : v < 0 ? "−" : "") + new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT))
                    .format(Math.abs(v)) + "%";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return grouped((long) (double) v);
        }
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    /** Parses a figure as shown back into a number (for tests and checks); null for "—". */
    public static Double parse(String shown) {
        String s = shown.strip();
        if (s.equals("—")) {
            return null;
        }
        s = s.replace(",", "").replace("%", "").replace("−", "-").replace("+", "");
        return Double.valueOf(s);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",sans-serif;
            margin:24px auto;max-width:1280px;color:#1a202c;background:#fff;padding:0 16px}
            h1{font-size:26px;margin:0 0 6px}h2{font-size:20px;border-bottom:2px solid #2b6cb0;padding-bottom:4px;margin-top:32px}
            .en{color:#718096;font-weight:normal;font-size:.8em}.meta,.note,.legend{color:#4a5568;font-size:14px}
            .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
            .card{border:1px solid #cbd5e0;border-radius:6px;padding:12px;border-top:4px solid #a0aec0}
            .card.down{border-top-color:#2f855a}.card.up{border-top-color:#c53030}
            .card .label{font-size:14px}.card .big{font-size:30px;font-weight:bold;margin:6px 0}.card .sub{font-size:13px;color:#4a5568}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(390px,1fr));gap:10px}
            figure.chart{margin:0;border:1px solid #e2e8f0;border-radius:6px;padding:8px}
            figcaption{font-size:14px;font-weight:bold;margin-bottom:4px}
            svg text{font-size:12px;fill:#1a202c}svg text.prev{fill:#718096}svg text.chg{fill:#4a5568}svg text.incomplete{fill:#b45309;font-style:italic}
            table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #e2e8f0;padding:4px 6px;
            text-align:left;vertical-align:top}th{background:#edf2f7}td.n{text-align:right;white-space:nowrap}
            .code{color:#718096;font-family:monospace}.rule{color:#4a5568;font-size:12px}.empty{color:#718096;font-style:italic}
            footer{margin:32px 0;color:#a0aec0;font-size:12px}
            """;
}
