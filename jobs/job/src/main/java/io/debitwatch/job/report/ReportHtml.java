package io.debitwatch.job.report;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Money;
import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.statement.StatementTotals;
import java.util.List;

/**
 * One merchant-day of the reconciliation report as a one-page, self-contained HTML document for the
 * merchant: no script, no external resource (inline style, inline SVG chart), every value from the
 * inputs escaped, headings in Simplified Chinese and English, amounts in the currency's own units.
 */
public final class ReportHtml {

    private ReportHtml() {}

    /** One chart bar group: a source and its paid and refunded amounts. */
    private record Bars(String label, long paid, long refunded) {}

    /** The page of {@code d}. */
    public static String page(MerchantDay d) {
        StringBuilder b = new StringBuilder(8192);
        String title =
                "对账报告 Reconciliation report — "
                        + providerName(d.provider())
                        + " "
                        + d.merchantId()
                        + " "
                        + d.day();
        b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(title))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>对账报告 <span class=\"en\">Reconciliation report</span></h1>\n");
        meta(b, d);
        totals(b, d);
        b.append("<h2>图表 <span class=\"en\">Chart</span></h2>\n");
        b.append(chart(d));
        incidents(b, d);
        files(b, d);
        b.append("<p class=\"note\">")
                .append(escape(note(d.provider())))
                .append("</p>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void meta(StringBuilder b, MerchantDay d) {
        b.append("<table class=\"meta\">\n");
        metaRow(b, "支付渠道", "Provider", providerName(d.provider()));
        metaRow(b, "商户号", "Merchant", d.merchantId());
        metaRow(b, "日期（中国时间）", "Day (China time)", d.day().toString());
        metaRow(b, "币种", "Currency", d.currency());
        b.append("</table>\n");
    }

    private static void metaRow(StringBuilder b, String zh, String en, String value) {
        b.append("<tr><th>")
                .append(zh)
                .append(" <span class=\"en\">")
                .append(en)
                .append("</span></th><td>")
                .append(escape(value))
                .append("</td></tr>\n");
    }

    private static void totals(StringBuilder b, MerchantDay d) {
        b.append("<h2>对账汇总 <span class=\"en\">Totals</span></h2>\n<table>\n<tr>")
                .append("<th>来源 <span class=\"en\">Source</span></th>")
                .append("<th>收款笔数 <span class=\"en\">Payments</span></th>")
                .append("<th>收款金额 <span class=\"en\">Paid</span></th>")
                .append("<th>退款笔数 <span class=\"en\">Refunds</span></th>")
                .append("<th>退款金额 <span class=\"en\">Refunded</span></th>")
                .append("<th>手续费 <span class=\"en\">Fees</span></th></tr>\n");
        StatementTotals s = d.stated();
        String c = d.currency();
        row(
                b,
                "账单汇总行 <span class=\"en\">Bill summary (as stated)</span>"
                        + (s == null || s.rows() == null
                                ? ""
                                : "<br>共 "
                                        + s.rows()
                                        + " 行 <span class=\"en\">"
                                        + s.rows()
                                        + " rows</span>"),
                s == null ? null : s.debits(),
                s == null ? null : s.debitMinor(),
                s == null ? null : s.refunds(),
                s == null ? null : s.refundMinor(),
                s == null ? null : s.feeMinor(),
                c,
                "");
        row(b, "账单明细 <span class=\"en\">Bill rows</span>", d.billDebits(), d.billRefunds(), c, "");
        row(
                b,
                "debitwatch 所见 <span class=\"en\">Seen by debitwatch</span>",
                d.seenDebits(),
                d.seenRefunds(),
                c,
                "");
        boolean off =
                !d.debitDifference().equals(Tally.ZERO) || !d.refundDifference().equals(Tally.ZERO);
        row(
                b,
                "差额（账单 − 所见） <span class=\"en\">Difference (bill − seen)</span>",
                d.debitDifference(),
                d.refundDifference(),
                c,
                off ? " class=\"diff\"" : "");
        b.append("</table>\n");
    }

    private static void row(
            StringBuilder b, String label, Tally paid, Tally refunded, String c, String cls) {
        row(b, label, paid.count(), paid.minor(), refunded.count(), refunded.minor(), null, c, cls);
    }

    private static void row(
            StringBuilder b,
            String label,
            Long paid,
            Long paidMinor,
            Long refunds,
            Long refundMinor,
            Long fees,
            String currency,
            String cls) {
        b.append("<tr")
                .append(cls)
                .append("><th>")
                .append(label)
                .append("</th>")
                .append(cell(paid == null ? null : paid.toString()))
                .append(cell(money(paidMinor, currency)))
                .append(cell(refunds == null ? null : refunds.toString()))
                .append(cell(money(refundMinor, currency)))
                .append(cell(money(fees, currency)))
                .append("</tr>\n");
    }

    private static String cell(String v) {
        return "<td class=\"num\">" + (v == null ? "—" : escape(v)) + "</td>";
    }

    private static String money(Long minor, String currency) {
        return minor == null ? null : Money.format(minor, currency);
    }

    private static void incidents(StringBuilder b, MerchantDay d) {
        b.append("<h2>发现的异常 <span class=\"en\">Incidents found</span></h2>\n<table>\n<tr>")
                .append("<th>类型 <span class=\"en\">Type</span></th>")
                .append("<th>笔数 <span class=\"en\">Count</span></th>")
                .append("<th>金额 <span class=\"en\">Amount</span></th></tr>\n");
        for (AlertType t : AlertType.values()) {
            Tally n = d.incidents(t);
            b.append("<tr><th>")
                    .append(alertName(t))
                    .append("</th>")
                    .append(cell(Long.toString(n.count())))
                    .append(cell(Money.format(n.minor(), d.currency())))
                    .append("</tr>\n");
        }
        b.append("</table>\n");
    }

    private static void files(StringBuilder b, MerchantDay d) {
        b.append("<h2>账单文件 <span class=\"en\">Statement files</span></h2>\n");
        if (d.billFiles().isEmpty()) {
            b.append("<p>无账单 <span class=\"en\">No statement for this day</span></p>\n");
            return;
        }
        b.append("<ul>\n");
        for (String f : d.billFiles()) {
            b.append("<li>").append(escape(f)).append("</li>\n");
        }
        b.append("</ul>\n<p>问题行 <span class=\"en\">Rows and file problems set aside (dead letters)")
                .append("</span>: ")
                .append(d.billDeadLetters())
                .append("</p>\n");
    }

    /** Bars of the paid and refunded amounts per source, scaled to the largest. */
    static String chart(MerchantDay d) {
        StatementTotals s = d.stated();
        List<Bars> bars =
                List.of(
                        new Bars(
                                "账单汇总 Bill summary",
                                s == null || s.debitMinor() == null ? 0 : s.debitMinor(),
                                s == null || s.refundMinor() == null ? 0 : s.refundMinor()),
                        new Bars("账单明细 Bill rows", d.billDebits().minor(), d.billRefunds().minor()),
                        new Bars(
                                "debitwatch 所见 Seen",
                                d.seenDebits().minor(),
                                d.seenRefunds().minor()));
        long max = 1;
        for (Bars g : bars) {
            max = Math.max(max, Math.max(Math.abs(g.paid()), Math.abs(g.refunded())));
        }
        int width = 640;
        int left = 170;
        int span = width - left - 110;
        StringBuilder svg =
                new StringBuilder()
                        .append("<svg width=\"")
                        .append(width)
                        .append("\" height=\"")
                        .append(bars.size() * 56 + 30)
                        .append(
                                "\" role=\"img\" aria-label=\"收款与退款金额 Paid and refunded amounts\">\n");
        int y = 10;
        for (Bars g : bars) {
            svg.append("<text x=\"0\" y=\"")
                    .append(y + 20)
                    .append("\" font-size=\"12\">")
                    .append(escape(g.label()))
                    .append("</text>\n");
            bar(svg, left, y, span, g.paid(), max, "#2e7d32", d.currency());
            bar(svg, left, y + 22, span, g.refunded(), max, "#c62828", d.currency());
            y += 56;
        }
        svg.append("<rect x=\"")
                .append(left)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"10\" height=\"10\" fill=\"#2e7d32\"/><text x=\"")
                .append(left + 14)
                .append("\" y=\"")
                .append(y + 10)
                .append("\" font-size=\"11\">收款 Paid</text><rect x=\"")
                .append(left + 90)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"10\" height=\"10\" fill=\"#c62828\"/><text x=\"")
                .append(left + 104)
                .append("\" y=\"")
                .append(y + 10)
                .append("\" font-size=\"11\">退款 Refunded</text>\n</svg>\n");
        return svg.toString();
    }

    private static void bar(
            StringBuilder svg,
            int left,
            int y,
            int span,
            long value,
            long max,
            String colour,
            String currency) {
        long w = Math.max(value == 0 ? 0 : 1, Math.abs(value) * span / max);
        svg.append("<rect x=\"")
                .append(left)
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"18\" fill=\"")
                .append(colour)
                .append("\"/><text x=\"")
                .append(left + w + 6)
                .append("\" y=\"")
                .append(y + 14)
                .append("\" font-size=\"11\">")
                .append(escape(Money.decimal(value, currency)))
                .append("</text>\n");
    }

    private static String providerName(Provider p) {
        return p == Provider.WECHAT ? "微信支付 WeChat Pay" : "支付宝 Alipay";
    }

    private static String alertName(AlertType t) {
        return switch (t) {
            case UNMATCHED_DEBIT -> "已扣款但终端未成功 <span class=\"en\">Debit without sale</span>";
            case AMOUNT_MISMATCH -> "扣款金额不一致 <span class=\"en\">Amount mismatch</span>";
            case STUCK_PAYMENT -> "支付状态未明 <span class=\"en\">Stuck payment</span>";
            case SALE_WITHOUT_DEBIT -> "终端成功但未扣款 <span class=\"en\">Sale without debit</span>";
            case CONFLICT -> "退款后终端又成功 <span class=\"en\">Conflict</span>";
            case ALERT_RESOLVED -> "款项已退回 <span class=\"en\">Resolved (money returned)</span>";
        };
    }

    private static String note(Provider p) {
        String common =
                "“账单明细”与“所见”各笔只计一次；差额为正表示账单有而 debitwatch 未见。"
                        + " Bill rows and seen events count each debit and refund once; a positive"
                        + " difference is money in the bill that debitwatch did not see.";
        return p == Provider.ALIPAY
                ? common
                        + " 支付宝账单汇总金额为“商家实收”，不含商家优惠。"
                        + " Alipay's footer states what the merchant received (商家实收), after"
                        + " its own discounts; the rows give order amounts."
                : common
                        + " 微信账单汇总：订单总金额、申请退款总金额、手续费总金额（四舍五入到分）。"
                        + " WeChat Pay's summary: 订单总金额, 申请退款总金额 and 手续费总金额 (rounded to"
                        + " the fen).";
    }

    /** Text made safe for HTML element content and double- or single-quoted attributes. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String STYLE =
            "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:2em;"
                    + "color:#222;max-width:60em}h1{font-size:1.5em}h2{font-size:1.15em;"
                    + "margin-top:1.5em}.en{color:#666;font-weight:normal;font-size:.9em}"
                    + "table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;"
                    + "text-align:left}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
                    + "tr.diff td{color:#c62828;font-weight:bold}.note{color:#555;font-size:.85em}"
                    + "@media print{body{margin:0}}";
}
