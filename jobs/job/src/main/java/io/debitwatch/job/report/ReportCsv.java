package io.debitwatch.job.report;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.providers.statement.StatementTotals;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reconciliation report as one CSV (RFC 4180, UTF-8): a header, then one line per merchant-day.
 * Amounts are integer minor units of the line's currency. Text cells are quoted when needed, and
 * one that a spreadsheet would take for a formula (leading {@code = + - @}, tab or CR) gets a
 * leading apostrophe, so a merchant id can neither break the columns nor run as a formula.
 */
public final class ReportCsv {

    private ReportCsv() {}

    /** The columns, in order. */
    public static List<String> header() {
        List<String> h =
                new ArrayList<>(
                        List.of(
                                "provider",
                                "merchant_id",
                                "day",
                                "currency",
                                "bill_files",
                                "bill_dead_letters",
                                "stated_rows",
                                "stated_debits",
                                "stated_refunds",
                                "stated_debit_minor",
                                "stated_refund_minor",
                                "stated_fee_minor",
                                "bill_debits",
                                "bill_debit_minor",
                                "bill_refunds",
                                "bill_refund_minor",
                                "seen_debits",
                                "seen_debit_minor",
                                "seen_refunds",
                                "seen_refund_minor",
                                "diff_debits",
                                "diff_debit_minor",
                                "diff_refunds",
                                "diff_refund_minor"));
        for (AlertType t : AlertType.values()) {
            String n = t.name().toLowerCase(Locale.ROOT);
            h.add(n + "_count");
            h.add(n + "_minor");
        }
        return h;
    }

    /** The whole file. */
    public static String write(List<MerchantDay> days) {
        StringBuilder b = new StringBuilder(String.join(",", header())).append("\r\n");
        for (MerchantDay d : days) {
            b.append(String.join(",", cells(d))).append("\r\n");
        }
        return b.toString();
    }

    static List<String> cells(MerchantDay d) {
        List<String> c = new ArrayList<>();
        c.add(d.provider().name());
        c.add(text(d.merchantId()));
        c.add(d.day().toString());
        c.add(text(d.currency()));
        c.add(text(String.join(";", d.billFiles())));
        c.add(Long.toString(d.billDeadLetters()));
        StatementTotals s = d.stated();
        c.add(number(s == null ? null : s.rows()));
        c.add(number(s == null ? null : s.debits()));
        c.add(number(s == null ? null : s.refunds()));
        c.add(number(s == null ? null : s.debitMinor()));
        c.add(number(s == null ? null : s.refundMinor()));
        c.add(number(s == null ? null : s.feeMinor()));
        for (Tally t :
                List.of(
                        d.billDebits(),
                        d.billRefunds(),
                        d.seenDebits(),
                        d.seenRefunds(),
                        d.debitDifference(),
                        d.refundDifference())) {
            c.add(Long.toString(t.count()));
            c.add(Long.toString(t.minor()));
        }
        for (AlertType t : AlertType.values()) {
            c.add(Long.toString(d.incidents(t).count()));
            c.add(Long.toString(d.incidents(t).minor()));
        }
        return c;
    }

    private static String number(Long v) {
        return v == null ? "" : v.toString();
    }

    /** A text cell, defused and quoted as needed. */
    static String text(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0
                || s.indexOf('"') >= 0
                || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0
                || s.startsWith("'")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
