package io.debitwatch.console.web;

import io.debitwatch.console.BreakdownQueries;
import io.debitwatch.console.BreakdownQueries.Breakdowns;
import io.debitwatch.console.BreakdownQueries.Group;
import io.debitwatch.console.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The breakdowns page: incidents per hour by type, and by provider, merchant, store, app, error.
 */
final class BreakdownsPage {

    private static final Map<String, String> TITLES =
            Map.of(
                    "provider", "By provider",
                    "merchant", "By merchant",
                    "store", "By store",
                    "app_version", "By terminal app version",
                    "error_code", "By terminal error code");

    private BreakdownsPage() {}

    static String render(Principal who, String csrf, Breakdowns b) {
        StringBuilder body =
                new StringBuilder("<h1>Breakdowns</h1><p class=\"note\">")
                        .append(b.incidents())
                        .append(" incidents, ")
                        .append(b.unmatchedDebits())
                        .append(" of them debited but failed (UNMATCHED_DEBIT). The console sees")
                        .append(" incidents, not every order, so shares are of incidents, not")
                        .append(" rates of all payments. Computed at ")
                        .append(Html.text(Formats.time(b.computedAt())))
                        .append(" (recomputed at most once a minute).</p>")
                        .append("<section><h2>Incidents per hour by type (UTC, last ")
                        .append(BreakdownQueries.HOURS)
                        .append(" hours)</h2>")
                        .append(Charts.perHour(b.perHour(), b.latestHour()))
                        .append("</section>");
        for (BreakdownQueries.Dimension d : BreakdownQueries.Dimension.values()) {
            List<Group> groups = b.byDimension().get(d.param());
            String title = TITLES.get(d.param());
            body.append("<section><h2>")
                    .append(Html.text(title))
                    .append("</h2>")
                    .append(Charts.groups("chart-" + d.param(), title, groups))
                    .append(table("table-" + d.param(), groups))
                    .append("</section>");
        }
        return Layout.page("Breakdowns", who, csrf, body.toString());
    }

    private static String table(String id, List<Group> groups) {
        StringBuilder t =
                new StringBuilder("<table id=\"")
                        .append(id)
                        .append("\" class=\"numbers\"><thead><tr><th>Value</th><th>Incidents</th>")
                        .append("<th>Share of incidents</th><th>Debited but failed</th>")
                        .append(
                                "<th>Debited but failed, share of its incidents</th></tr></thead><tbody>");
        for (Group g : groups) {
            t.append("<tr><td>")
                    .append(Html.text(Charts.label(g.value())))
                    .append("</td><td>")
                    .append(g.incidents())
                    .append("</td><td>")
                    .append(percent(g.shareOfIncidents()))
                    .append("</td><td>")
                    .append(g.unmatchedDebits())
                    .append("</td><td>")
                    .append(
                            percent(
                                    g.incidents() == 0
                                            ? 0
                                            : (double) g.unmatchedDebits() / g.incidents()))
                    .append("</td></tr>");
        }
        return t.append("</tbody></table>").toString();
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
    }
}
