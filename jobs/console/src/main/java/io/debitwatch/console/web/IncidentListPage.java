package io.debitwatch.console.web;

import io.debitwatch.console.IncidentFilter;
import io.debitwatch.console.IncidentQueries;
import io.debitwatch.console.Principal;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The incidents list page: money at risk, filters, the table (live), pagination. */
final class IncidentListPage {

    private IncidentListPage() {}

    /** What the page shows; {@code since} is the change counter read before the list. */
    record Model(
            Principal who,
            String csrf,
            IncidentFilter filter,
            IncidentQueries.Page page,
            List<IncidentQueries.AtRisk> atRisk,
            long since,
            Instant now) {}

    static String render(Model m) {
        String body =
                "<h1>Incidents</h1>"
                        + atRisk(m.atRisk())
                        + filters(m.filter())
                        + table(m)
                        + pager(m);
        return Layout.page("Incidents", m.who(), m.csrf(), body);
    }

    static String atRiskText(List<IncidentQueries.AtRisk> atRisk) {
        if (atRisk.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (IncidentQueries.AtRisk r : atRisk) {
            if (!s.isEmpty()) {
                s.append(" · ");
            }
            s.append(Formats.money(r.amountMinor(), r.currency()))
                    .append(" in ")
                    .append(r.incidents())
                    .append(r.incidents() == 1 ? " incident" : " incidents");
        }
        return s.toString();
    }

    private static String atRisk(List<IncidentQueries.AtRisk> atRisk) {
        return "<section class=\"at-risk\"><span class=\"label\">Money at risk"
                + " (open unmatched debits):</span> <strong id=\"at-risk\">"
                + Html.text(atRiskText(atRisk))
                + "</strong> <span id=\"live-status\" class=\"live\"></span></section>";
    }

    private static String filters(IncidentFilter f) {
        return "<form id=\"filters\" class=\"filters\" method=\"get\" action=\"/incidents\">"
                + select("state", "State", List.of("open", "acknowledged", "resolved"), f.state())
                + select("type", "Type", names(AlertType.values()), f.type())
                + select("provider", "Provider", names(Provider.values()), f.provider())
                + input("merchant", "Merchant", f.merchant())
                + input("store", "Store", f.store())
                + input("app_version", "App version", f.appVersion())
                + input("q", "Search (order, provider txn, merchant)", f.q())
                + sortSelect(f.sort())
                + "<button id=\"apply\" type=\"submit\">Apply</button>"
                + " <a href=\"/incidents\">Clear</a>"
                + " <a id=\"export-csv\" href=\""
                + Html.href("/api/v1/incidents.csv", f.params())
                + "\">CSV</a></form>";
    }

    private static String table(Model m) {
        Map<String, String> live = new LinkedHashMap<>(m.filter().params());
        live.put("since", Long.toString(m.since()));
        // New incidents go on top only where they belong: the first page, newest first.
        boolean prepend =
                m.filter().after() == null && m.filter().sort() == IncidentFilter.Sort.NEWEST;
        StringBuilder t =
                new StringBuilder("<table id=\"incidents\" data-events=\"")
                        .append(Html.href("/api/v1/events", live))
                        .append("\" data-live=\"")
                        .append(prepend ? "prepend" : "update")
                        .append("\"><thead><tr>");
        for (String h : IncidentRows.HEADINGS) {
            t.append("<th>").append(Html.text(h)).append("</th>");
        }
        t.append("</tr></thead><tbody>");
        for (IncidentQueries.IncidentSummary i : m.page().incidents()) {
            t.append(IncidentRows.row(i, m.now()));
        }
        t.append("</tbody></table>");
        if (m.page().incidents().isEmpty()) {
            t.append("<p id=\"no-incidents\">No incidents match.</p>");
        }
        return t.toString();
    }

    private static String pager(Model m) {
        StringBuilder p = new StringBuilder("<nav class=\"pager\">");
        if (m.filter().after() != null) {
            p.append("<a id=\"first-page\" href=\"")
                    .append(Html.href("/incidents", m.filter().params()))
                    .append("\">First page</a> ");
        }
        if (m.page().next() != null) {
            Map<String, String> next = new LinkedHashMap<>(m.filter().params());
            next.put("after", m.page().next());
            p.append("<a id=\"next-page\" href=\"")
                    .append(Html.href("/incidents", next))
                    .append("\">Next page</a>");
        }
        return p.append("</nav>").toString();
    }

    private static String select(String name, String label, List<String> options, String value) {
        StringBuilder s =
                new StringBuilder("<label>")
                        .append(Html.text(label))
                        .append(" <select id=\"filter-")
                        .append(name)
                        .append("\" name=\"")
                        .append(name)
                        .append("\"><option value=\"\">any</option>");
        for (String o : options) {
            s.append("<option value=\"")
                    .append(Html.text(o))
                    .append(o.equals(value) ? "\" selected>" : "\">")
                    .append(Html.text(o))
                    .append("</option>");
        }
        return s.append("</select></label>").toString();
    }

    private static String sortSelect(IncidentFilter.Sort sort) {
        StringBuilder s =
                new StringBuilder("<label>Sort <select id=\"filter-sort\" name=\"sort\">");
        for (IncidentFilter.Sort o : IncidentFilter.Sort.values()) {
            s.append("<option value=\"")
                    .append(o.param())
                    .append(o == sort ? "\" selected>" : "\">")
                    .append(o.param())
                    .append("</option>");
        }
        return s.append("</select></label>").toString();
    }

    private static String input(String name, String label, String value) {
        return "<label>"
                + Html.text(label)
                + " <input id=\"filter-"
                + name
                + "\" name=\""
                + name
                + "\" value=\""
                + Html.text(value)
                + "\"></label>";
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
