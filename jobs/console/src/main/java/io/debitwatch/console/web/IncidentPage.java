package io.debitwatch.console.web;

import io.debitwatch.console.IncidentQueries.ActionRow;
import io.debitwatch.console.IncidentQueries.AlertRow;
import io.debitwatch.console.IncidentQueries.IncidentDetail;
import io.debitwatch.console.IncidentQueries.IncidentSummary;
import io.debitwatch.console.IncidentQueries.NotificationRow;
import io.debitwatch.console.IncidentQueries.RefundRow;
import io.debitwatch.console.Principal;
import java.util.List;

/**
 * One incident: its facts, the decision, the evidence timeline, refund requests, notifications (zh
 * and en), the operator actions (for those who may act) and the audit trail.
 */
final class IncidentPage {

    private IncidentPage() {}

    static String render(Principal who, String csrf, IncidentDetail d) {
        IncidentSummary i = d.incident();
        String body =
                "<h1>Incident <span id=\"incident-id\">"
                        + i.incidentId()
                        + "</span> <span id=\"incident-state\" class=\"badge state-"
                        + Html.text(i.state())
                        + "\">"
                        + Html.text(i.state())
                        + "</span></h1>"
                        + facts(i)
                        + decisions(d.alerts())
                        + timeline(d.alerts())
                        + refunds(d.refundRequests())
                        + notifications(d.notifications())
                        + actions(who, csrf, i)
                        + audit(d.actions());
        return Layout.page("Incident " + i.incidentId(), who, csrf, body);
    }

    private static String facts(IncidentSummary i) {
        return "<dl class=\"facts\">"
                + fact("Type", i.type())
                + fact("Action", i.action())
                + fact("Provider", i.provider())
                + fact("Merchant", i.merchantId())
                + fact("Order (out_trade_no)", i.outTradeNo())
                + fact("Provider transaction", i.providerTxnId())
                + fact("Amount", Formats.money(i.amountMinor(), i.currency()))
                + fact("Store", i.storeId())
                + fact("Terminal", i.terminalId())
                + fact("App version", i.appVersion())
                + fact("Error code", i.errorCode())
                + fact("Alert types", String.join(", ", i.types()))
                + fact("Assignee", i.assignee())
                + fact("Closing reason", i.closedReason())
                + fact("First decided", Formats.time(i.firstDecidedAt()))
                + fact("Last decided", Formats.time(i.lastDecidedAt()))
                + "</dl>";
    }

    private static String fact(String label, String value) {
        return "<dt>"
                + Html.text(label)
                + "</dt><dd>"
                + (value == null || value.isEmpty() ? "—" : Html.text(value))
                + "</dd>";
    }

    private static String decisions(List<AlertRow> alerts) {
        StringBuilder s =
                section(
                        "decisions",
                        "Decision",
                        "Decided",
                        "Type",
                        "Action",
                        "Verdict",
                        "Review reason",
                        "Amount");
        for (AlertRow a : alerts) {
            s.append(
                    row(
                            Formats.time(a.decidedAt()),
                            a.type(),
                            a.action(),
                            a.verdict(),
                            a.reviewReason(),
                            Formats.money(a.amountMinor(), a.currency())));
        }
        return end(s);
    }

    private static String timeline(List<AlertRow> alerts) {
        StringBuilder s =
                section(
                        "timeline",
                        "Evidence timeline (event time)",
                        "Time",
                        "Source",
                        "Event",
                        "Details");
        for (Timeline.Entry e : Timeline.of(alerts)) {
            s.append(row(Formats.time(e.at()), e.source(), e.what(), e.detail()));
        }
        return end(s);
    }

    private static String refunds(List<RefundRow> refunds) {
        StringBuilder s =
                section(
                        "refunds",
                        "Refund requests",
                        "Request",
                        "State",
                        "Amount",
                        "Provider transaction",
                        "Reason");
        for (RefundRow r : refunds) {
            s.append(
                    row(
                            r.refundRequestId(),
                            r.state(),
                            Formats.money(r.amountMinor(), r.currency()),
                            r.providerTxnId(),
                            r.reason()));
        }
        return end(s);
    }

    private static String notifications(List<NotificationRow> notifications) {
        StringBuilder s =
                section(
                        "notifications",
                        "Notifications sent",
                        "Sent",
                        "Channel",
                        "Severity",
                        "中文",
                        "English");
        for (NotificationRow n : notifications) {
            s.append("<tr><td>")
                    .append(Html.text(Formats.time(n.emittedAt())))
                    .append("</td><td>")
                    .append(Html.text(n.channel()))
                    .append("</td><td>")
                    .append(Html.text(n.severity()))
                    .append("</td><td lang=\"zh-Hans\">")
                    .append(Html.text(n.textZh()))
                    .append("</td><td lang=\"en\">")
                    .append(Html.text(n.textEn()))
                    .append("</td></tr>");
        }
        return end(s);
    }

    private static String actions(Principal who, String csrf, IncidentSummary i) {
        if (!who.canAct()) {
            return "<section id=\"operator-actions\"><h2>Actions</h2><p id=\"read-only\">"
                    + "You can read incidents but not act on them ("
                    + Html.text(who.role().name().toLowerCase(java.util.Locale.ROOT))
                    + ").</p></section>";
        }
        long id = i.incidentId();
        return "<section id=\"operator-actions\"><h2>Actions</h2>"
                + "<p id=\"action-error\" class=\"error\" role=\"alert\"></p>"
                + (i.state().equals("open")
                        ? form(id, csrf, "acknowledge", "", "acknowledge", "Acknowledge")
                        : "")
                + form(
                        id,
                        csrf,
                        "assign",
                        "<input id=\"assignee\" name=\"text\" required maxlength=\"100\" placeholder=\"name\">",
                        "assign",
                        "Assign")
                + form(
                        id,
                        csrf,
                        "note",
                        "<textarea id=\"note\" name=\"text\" required maxlength=\"2000\" placeholder=\"note\"></textarea>",
                        "add-note",
                        "Add note")
                + (i.state().equals("resolved")
                        ? ""
                        : form(
                                id,
                                csrf,
                                "close",
                                "<input id=\"close-reason\" name=\"text\" required maxlength=\"2000\" placeholder=\"reason\">",
                                "close",
                                "Close"))
                + "</section>";
    }

    private static String form(
            long id, String csrf, String action, String fields, String buttonId, String label) {
        return "<form class=\"action\" method=\"post\" action=\"/incidents/"
                + id
                + "/actions\" data-api=\"/api/v1/incidents/"
                + id
                + "/actions\">"
                + Layout.csrfField(csrf)
                + "<input type=\"hidden\" name=\"action\" value=\""
                + action
                + "\">"
                + fields
                + "<button id=\""
                + buttonId
                + "\" type=\"submit\">"
                + label
                + "</button></form>";
    }

    private static String audit(List<ActionRow> actions) {
        StringBuilder s = section("audit", "Audit trail", "When", "Who", "Action", "Note");
        for (ActionRow a : actions) {
            s.append(row(Formats.time(a.createdAt()), a.actor(), a.action(), a.note()));
        }
        return end(s);
    }

    private static StringBuilder section(String id, String title, String... headings) {
        StringBuilder s =
                new StringBuilder("<section><h2>")
                        .append(Html.text(title))
                        .append("</h2><table id=\"")
                        .append(id)
                        .append("\"><thead><tr>");
        for (String h : headings) {
            s.append("<th>").append(Html.text(h)).append("</th>");
        }
        return s.append("</tr></thead><tbody>");
    }

    private static String end(StringBuilder s) {
        return s.append("</tbody></table></section>").toString();
    }

    private static String row(String... cells) {
        StringBuilder tr = new StringBuilder("<tr>");
        for (String c : cells) {
            tr.append("<td>").append(Html.text(c)).append("</td>");
        }
        return tr.append("</tr>").toString();
    }
}
