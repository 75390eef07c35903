package org.burdenwatch.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.function.Function;

/**
 * The report as one self-contained HTML page: no script, no network (a Content-Security-Policy
 * forbids every fetch), charts as inline SVG. Chinese first, the English name beside.
 *
 * <p>The markup is in templates ({@code src/main/jte/report}), compiled to Java by the build
 * (jte-maven-plugin) and escaping every value for its HTML context; what they show is computed by
 * {@link ReportView}. Every figure on the page is an element carrying {@code data-division},
 * {@code data-indicator} and {@code data-field} (value, prev or change_pct), so a test can compare
 * what is shown with the Parquet tables.
 */
public final class ReportPage {
    private ReportPage() {
    }

    /** The templates, precompiled into the jar: no compiler at run time, nothing read from disk. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    /** A prefecture's page. */
    public static String render(ReportData data, String generatedAt) {
        return render("report/page.jte", ReportView.page(data, generatedAt));
    }

    /** The overview of several prefectures; each row links to {@code pageOf} its code. */
    public static String renderOverview(ReportData all, String generatedAt, Function<String, String> pageOf) {
        return render("report/overview.jte", ReportView.overview(all, generatedAt, pageOf));
    }

    static String render(String template, Object view) {
        StringOutput out = new StringOutput(64 * 1024);
        TEMPLATES.render(template, view, out);
        return out.toString();
    }

    /** A figure as shown (see {@link ReportView#format}). */
    public static String format(Double v, boolean change) {
        return ReportView.format(v, change);
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
}
