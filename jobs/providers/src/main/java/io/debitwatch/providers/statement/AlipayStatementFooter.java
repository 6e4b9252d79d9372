package io.debitwatch.providers.statement;

import io.debitwatch.providers.statement.StatementLines.RawLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The footer of an Alipay 业务明细 file checked against its data rows: the {@code #交易合计} and {@code
 * #退款合计} lines state how many 交易 and 退款 rows there are and what their 商家实收 and 商家优惠 add up to.
 */
final class AlipayStatementFooter {

    private static final String NUMBER = "\\s*(-?[0-9]{1,15}(?:\\.[0-9]{1,8})?)\\s*元";

    /** What the rows of one 业务类型 add up to, and whether the footer stated it. */
    private static final class Tally {
        final String type;
        final Pattern line;
        final String receivedLabel;
        final String discountLabel;
        int rows;
        long received;
        long discount;
        boolean stated;
        Long statedRows;
        Long statedReceived;

        /**
         * @param type 交易 or 退款
         * @param amounts what the labels of its sums say between 商家实收/商家优惠 and 共
         */
        Tally(String type, String amounts) {
            this.type = type;
            this.line = Pattern.compile("^#" + type + "合计[：:]\\s*([0-9]+)\\s*笔(.*)$");
            this.receivedLabel = "商家实收" + amounts + "共";
            this.discountLabel = "商家优惠" + amounts + "共";
        }
    }

    private final Tally trades = new Tally("交易", "");
    private final Tally refunds = new Tally("退款", "退款");
    private final StatementReader.Problems problems;

    AlipayStatementFooter(StatementReader.Problems problems) {
        this.problems = problems;
    }

    /**
     * Counts a row by its 业务类型, also when the row is rejected later: the footer counts every row
     * Alipay wrote.
     */
    void count(String type) {
        if (type.equals("交易")) {
            trades.rows++;
        } else if (type.equals("退款")) {
            refunds.rows++;
        }
    }

    /** Adds an adapted row's amounts to the sums. */
    void add(AlipayStatementRow row) {
        Tally t = row.refund ? refunds : trades;
        t.received += row.received;
        t.discount += row.discount;
    }

    /**
     * Checks a decoded line after {@code 业务明细列表结束}; false when it is no 合计 line.
     *
     * @param sumsCheckable whether the sums cover every data row
     */
    boolean line(RawLine line, String text, boolean sumsCheckable) {
        for (Tally t : List.of(trades, refunds)) {
            Matcher m = t.line.matcher(text);
            if (m.matches()) {
                t.stated = true;
                t.statedReceived = amount(m.group(2), t.receivedLabel);
                count(line, text, m.group(1), t);
                if (sumsCheckable) {
                    sum(line, text, m.group(2), t.receivedLabel, t.received);
                    sum(line, text, m.group(2), t.discountLabel, t.discount);
                }
                return true;
            }
        }
        return false;
    }

    /** Checks the footer that began at {@code end} for a 合计 line it lacks. */
    void end(RawLine end) {
        for (Tally t : List.of(trades, refunds)) {
            if (!t.stated) {
                problem(end, "incomplete file: the footer lacks the #" + t.type + "合计 line", "");
            }
        }
    }

    /**
     * What the two 合计 lines state, or null unless both were read: 商家实收 of the refunds as a positive
     * amount (the footer writes it negative).
     */
    StatementTotals stated() {
        if (trades.statedRows == null || refunds.statedRows == null) {
            return null;
        }
        return new StatementTotals(
                trades.statedRows + refunds.statedRows,
                trades.statedRows,
                refunds.statedRows,
                trades.statedReceived,
                refunds.statedReceived == null ? null : Math.abs(refunds.statedReceived),
                null);
    }

    /** The amount {@code label} states in {@code rest}, in fen, or null. */
    private static Long amount(String rest, String label) {
        Matcher m = Pattern.compile(label + NUMBER).matcher(rest);
        return m.find() ? StatementTotals.fen(new BigDecimal(m.group(1))) : null;
    }

    private void problem(RawLine line, String reason, String raw) {
        problems.add(line.number(), reason, raw);
    }

    /** Checks a 合计 count. */
    private void count(RawLine line, String text, String count, Tally t) {
        int stated;
        try {
            stated = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            problem(line, "bad footer: count too large: " + count, text);
            return;
        }
        t.statedRows = (long) stated;
        if (stated != t.rows) {
            problem(
                    line,
                    "footer mismatch: "
                            + t.type
                            + "合计 says "
                            + stated
                            + "笔, the file has "
                            + t.rows
                            + " "
                            + t.type
                            + " rows (rows lost or added?)",
                    text);
        }
    }

    /** Checks the sum that {@code label} states in {@code rest}, when it states one. */
    private void sum(RawLine line, String text, String rest, String label, long sum) {
        Matcher m = Pattern.compile(label + NUMBER).matcher(rest);
        if (!m.find()) {
            return;
        }
        BigDecimal stated = new BigDecimal(m.group(1));
        if (stated.compareTo(BigDecimal.valueOf(sum, 2)) != 0) {
            problem(
                    line,
                    "footer mismatch: "
                            + label
                            + " "
                            + stated.toPlainString()
                            + "元, the rows add up to "
                            + Cells.yuan(sum),
                    text);
        }
    }
}
