package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.WeChatTradeBill.APPLIED_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.COUNT;
import static io.debitwatch.providers.statement.WeChatTradeBill.RECHARGE_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.SETTLE;
import static io.debitwatch.providers.statement.WeChatTradeBill.TOTAL;

import io.debitwatch.providers.statement.StatementLines.RawLine;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary row of a WeChat Pay trade bill checked against the data rows: 总交易单数 against the
 * number of rows, and the column totals against the sums of the rows (see {@link WeChatTradeBill},
 * "Checks", for which totals are compared and when).
 */
final class WeChatBillSummary {

    /** Summary total -> the detail column it sums (checked when both are present), in order. */
    private static final List<Map.Entry<String, String>> TOTALS =
            List.of(
                    Map.entry("应结订单总金额", SETTLE),
                    Map.entry("退款总金额", REFUND),
                    Map.entry("充值券退款总金额", RECHARGE_REFUND),
                    Map.entry("订单总金额", TOTAL),
                    Map.entry("申请退款总金额", APPLIED_REFUND));

    /** Column sums over the rows adapted. */
    private final Map<String, Long> sums = new HashMap<>();

    private final StatementReader.Problems problems;

    /** What the summary row states, once it was read. */
    private StatementTotals stated;

    WeChatBillSummary(StatementReader.Problems problems) {
        this.problems = problems;
    }

    /** Adds an adapted row's amounts to the column sums. */
    void add(WeChatBillRow row) {
        sums.merge(SETTLE, row.settle, Long::sum);
        sums.merge(REFUND, row.refund, Long::sum);
        sums.merge(RECHARGE_REFUND, row.recharge, Long::sum);
        sums.merge(TOTAL, row.total, Long::sum);
        sums.merge(APPLIED_REFUND, row.applied, Long::sum);
    }

    /**
     * Checks a decoded summary row.
     *
     * @param text the row's text
     * @param names the summary header's cells
     * @param values the row's cells
     * @param masked the row as dead letters may show it
     * @param rowCount the number of data rows
     * @param checkable whether the column sums cover every data row
     * @param columns the detail header's columns
     */
    void check(
            RawLine line,
            String text,
            List<String> names,
            List<String> values,
            String masked,
            int rowCount,
            boolean checkable,
            Map<String, Integer> columns) {
        Map<String, BigDecimal> summary = read(line, names, values, masked);
        if (summary != null) {
            stated = statedOf(summary);
        }
        if (summary != null && count(line, text, summary.get(COUNT), rowCount) && checkable) {
            totals(line, text, summary, columns);
        }
    }

    /** What the summary states, or null when it was not read. */
    StatementTotals stated() {
        return stated;
    }

    private static StatementTotals statedOf(Map<String, BigDecimal> summary) {
        BigDecimal count = summary.get(COUNT);
        return new StatementTotals(
                count.signum() < 0 || count.stripTrailingZeros().scale() > 0
                        ? null
                        : count.longValueExact(),
                null,
                null,
                StatementTotals.fen(summary.get("订单总金额")),
                StatementTotals.fen(summary.get("申请退款总金额")),
                StatementTotals.fen(summary.get("手续费总金额")));
    }

    private void problem(RawLine line, String reason, String raw) {
        problems.add(line.number(), reason, raw);
    }

    /** The summary's numbers by name; null, with a problem, when one is missing or no number. */
    private Map<String, BigDecimal> read(
            RawLine line, List<String> names, List<String> values, String masked) {
        if (values.size() != names.size()) {
            problem(
                    line,
                    "bad summary: "
                            + values.size()
                            + " values for "
                            + names.size()
                            + " summary columns",
                    masked);
            return null;
        }
        Map<String, BigDecimal> summary = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            String v = values.get(k);
            if (!v.matches("-?[0-9]{1,15}(\\.[0-9]{1,8})?")) {
                problem(
                        line,
                        "bad summary: " + names.get(k) + " is not a number: " + Cells.quote(v),
                        masked);
                return null;
            }
            summary.put(names.get(k), new BigDecimal(v));
        }
        return summary;
    }

    /** Checks 总交易单数; false when it is no count at all (then nothing else is compared). */
    private boolean count(RawLine line, String text, BigDecimal count, int rowCount) {
        if (count.signum() < 0 || count.stripTrailingZeros().scale() > 0) {
            problem(line, "bad summary: " + COUNT + " is not a whole number: " + count, text);
            return false;
        }
        if (count.compareTo(BigDecimal.valueOf(rowCount)) != 0) {
            problem(
                    line,
                    "summary mismatch: "
                            + COUNT
                            + " says "
                            + count.stripTrailingZeros().toPlainString()
                            + ", the file has "
                            + rowCount
                            + " data rows (rows lost or added?)",
                    text);
        }
        return true;
    }

    private void totals(
            RawLine line,
            String text,
            Map<String, BigDecimal> summary,
            Map<String, Integer> columns) {
        for (Map.Entry<String, String> t : TOTALS) {
            BigDecimal stated = summary.get(t.getKey());
            if (stated == null || !columns.containsKey(t.getValue())) {
                continue;
            }
            long sum = sums.getOrDefault(t.getValue(), 0L);
            if (stated.compareTo(BigDecimal.valueOf(sum, 2)) != 0) {
                problem(
                        line,
                        "summary mismatch: "
                                + t.getKey()
                                + " says "
                                + stated.toPlainString()
                                + ", the rows' "
                                + t.getValue()
                                + " add up to "
                                + Cells.yuan(sum),
                        text);
            }
        }
    }
}
