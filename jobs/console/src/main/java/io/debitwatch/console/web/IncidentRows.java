package io.debitwatch.console.web;

import io.debitwatch.console.IncidentQueries.IncidentSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The incident list's columns as plain text, shared by the page, the live feed (whose script puts
 * them into new rows as text) and the CSV export.
 */
public final class IncidentRows {

    /** Column headings of the list page. */
    public static final List<String> HEADINGS =
            List.of(
                    "#",
                    "State",
                    "Type",
                    "Action",
                    "Provider",
                    "Merchant",
                    "Order",
                    "Store",
                    "Terminal",
                    "App version",
                    "Amount",
                    "Age");

    /** Column headings of the CSV export. */
    public static final List<String> CSV_HEADINGS =
            List.of(
                    "incident_id",
                    "state",
                    "type",
                    "action",
                    "provider",
                    "merchant_id",
                    "out_trade_no",
                    "provider_txn_id",
                    "store_id",
                    "terminal_id",
                    "app_version",
                    "error_code",
                    "amount",
                    "currency",
                    "amount_minor",
                    "assignee",
                    "first_decided_at",
                    "last_decided_at");

    private IncidentRows() {}

    /** The list page's cells of {@code i} at {@code now}, in {@link #HEADINGS} order. */
    public static List<String> cells(IncidentSummary i, Instant now) {
        List<String> c = new ArrayList<>();
        c.add(Long.toString(i.incidentId()));
        c.add(i.state());
        c.add(i.type());
        c.add(i.action());
        c.add(i.provider());
        c.add(i.merchantId());
        c.add(i.outTradeNo());
        c.add(nullToEmpty(i.storeId()));
        c.add(nullToEmpty(i.terminalId()));
        c.add(nullToEmpty(i.appVersion()));
        c.add(Formats.money(i.amountMinor(), i.currency()));
        c.add(Formats.age(i.firstDecidedAt(), now));
        return c;
    }

    /** The CSV cells of {@code i}, in {@link #CSV_HEADINGS} order (not yet protected). */
    public static List<Object> csv(IncidentSummary i) {
        List<Object> c = new ArrayList<>();
        c.add(i.incidentId());
        c.add(i.state());
        c.add(i.type());
        c.add(i.action());
        c.add(i.provider());
        c.add(i.merchantId());
        c.add(i.outTradeNo());
        c.add(i.providerTxnId());
        c.add(i.storeId());
        c.add(i.terminalId());
        c.add(i.appVersion());
        c.add(i.errorCode());
        c.add(
                i.amountMinor() == null || i.currency() == null
                        ? null
                        : io.debitwatch.core.model.Money.decimal(i.amountMinor(), i.currency()));
        c.add(i.currency());
        c.add(i.amountMinor());
        c.add(i.assignee());
        c.add(i.firstDecidedAt());
        c.add(i.lastDecidedAt());
        return c;
    }

    /** One {@code <tr>} of the list page. */
    static String row(IncidentSummary i, Instant now) {
        List<String> cells = cells(i, now);
        StringBuilder tr =
                new StringBuilder("<tr id=\"incident-")
                        .append(i.incidentId())
                        .append("\" class=\"state-")
                        .append(Html.text(i.state()))
                        .append("\">");
        tr.append("<td><a href=\"/incidents/")
                .append(i.incidentId())
                .append("\">")
                .append(Html.text(cells.get(0)))
                .append("</a></td>");
        for (int k = 1; k < cells.size(); k++) {
            tr.append("<td>").append(Html.text(cells.get(k))).append("</td>");
        }
        return tr.append("</tr>").toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
