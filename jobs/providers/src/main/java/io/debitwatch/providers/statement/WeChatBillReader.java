package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.WeChatTradeBill.COUNT;
import static io.debitwatch.providers.statement.WeChatTradeBill.HEADER;
import static io.debitwatch.providers.statement.WeChatTradeBill.PAYER;
import static io.debitwatch.providers.statement.WeChatTradeBill.RECHARGE_REFUND;
import static io.debitwatch.providers.statement.WeChatTradeBill.REQUIRED;
import static io.debitwatch.providers.statement.WeChatTradeBill.SEP;
import static io.debitwatch.providers.statement.WeChatTradeBill.TIME;
import static io.debitwatch.providers.statement.WeChatTradeBill.TXN;
import static io.debitwatch.providers.statement.WeChatTradeBill.UTF8;

import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.statement.StatementLines.RawLine;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One pass over the lines of one WeChat Pay trade bill: the detail header, the data rows (each
 * adapted by {@link WeChatBillRow}), then the summary header and the summary row ({@link
 * WeChatBillSummary}), and nothing after it.
 */
final class WeChatBillReader extends StatementReader {

    private final PayerIds payerIds;
    private final WeChatBillSummary summary = new WeChatBillSummary(this::problem);
    private RawLine summaryHeader;
    private List<String> summaryNames;
    private boolean summaryDone;

    WeChatBillReader(String sourceName, PayerIds payerIds) {
        super(sourceName, Provider.WECHAT);
        this.payerIds = payerIds;
    }

    StatementResult run(List<RawLine> lines) {
        int i = nonBlank(lines, 0);
        if (i == lines.size()) {
            problem(lines.size(), "empty file: no header, no rows, no summary", "");
            return result();
        }
        if (!header(lines.get(i))) {
            return result();
        }
        for (i = i + 1; i < lines.size(); i++) {
            RawLine line = lines.get(i);
            if (!line.blank()) {
                line(line, line.oversize() ? null : line.strict(UTF8));
            }
        }
        if (summaryHeader == null) {
            problem(
                    last(lines),
                    "incomplete file: no summary (总交易单数 …) after the last data row; the "
                            + rows.size()
                            + " data rows read still count",
                    "");
        } else if (!summaryDone) {
            problem(
                    summaryHeader.number(),
                    "incomplete file: summary header without summary row",
                    String.join(",", summaryNames));
        }
        return result();
    }

    /** A line after the header that is not blank; {@code text} is null when it does not decode. */
    private void line(RawLine line, String text) {
        if (summaryDone) {
            problem(
                    line.number(),
                    "unexpected line after the summary row",
                    masked(text == null ? line.lossy(UTF8) : text));
        } else if (summaryHeader != null) {
            summary(line, text);
            summaryDone = true;
        } else if (text != null && isSummaryHeader(text)) {
            summaryHeader = line;
            summaryNames = names(text);
        } else {
            rows.add(row(line, text));
        }
    }

    /** Reads the header; false (with a problem) when the file must be refused. */
    private boolean header(RawLine line) {
        String text = line.oversize() ? null : line.strict(UTF8);
        if (text == null) {
            problem(line.number(), "bad header: not UTF-8 text", "");
            return false;
        }
        HeaderKeys keys = HeaderKeys.of(names(text), REQUIRED);
        List<String> missing = keys.missing();
        if (!missing.isEmpty()) {
            boolean known = keys.index().containsKey(TIME) && keys.index().containsKey(TXN);
            String what =
                    known
                            ? "bad header: lacks required column(s) "
                                    + String.join(", ", missing)
                                    + " (not an ALL trade bill in the current format?)"
                            : "bad header: not a WeChat Pay trade bill header (expected "
                                    + String.join(",", HEADER.subList(0, 6))
                                    + ",…); lacks "
                                    + String.join(", ", missing);
            // A first line that is not a header may be a data row: never echo it.
            boolean headerLike = keys.index().containsKey(TIME) && !text.startsWith("`");
            problem(line.number(), what, headerLike && text.length() <= 1024 ? text : "");
            return false;
        }
        return accept(line, text, keys, PAYER);
    }

    /** Header or summary-header cells: BOM, back-tick and spaces removed. */
    private static List<String> names(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> names = new ArrayList<>();
        for (String n : t.split(",", -1)) {
            String s = n.strip();
            names.add(s.startsWith("`") ? s.substring(1).strip() : s);
        }
        return names;
    }

    private static boolean isSummaryHeader(String text) {
        List<String> n = names(text);
        return !n.isEmpty() && COUNT.equals(n.get(0));
    }

    private void summary(RawLine line, String text) {
        if (text == null) {
            problem(
                    line.number(),
                    line.oversize()
                            ? "summary row longer than " + StatementLines.MAX_LINE_BYTES + " bytes"
                            : "summary row is not valid UTF-8 text",
                    "");
            return;
        }
        summary.check(
                line,
                text,
                summaryNames,
                names(text),
                masked(text),
                rows.size(),
                sumsCheckable,
                columns);
    }

    @Override
    StatementTotals stated() {
        return summary.stated();
    }

    /** Which bill this is, by its header: a REFUND bill has 退款成功时间. */
    WeChatTradeBill.BillType billType() {
        return columns != null && columns.containsKey(WeChatTradeBill.REFUND_SUCCESS_TIME)
                ? WeChatTradeBill.BillType.REFUND
                : WeChatTradeBill.BillType.ALL;
    }

    @Override
    Charset charset() {
        return UTF8;
    }

    @Override
    String textName() {
        return "valid UTF-8";
    }

    @Override
    String separatorName() {
        return "separator";
    }

    @Override
    String notDataRow(String text) {
        return text.startsWith("`")
                ? null
                : "not a data row: its fields do not start with a back-tick (`)";
    }

    @Override
    List<String> fields(String text) {
        return Arrays.asList(text.substring(1).split(SEP, -1));
    }

    @Override
    Adapted adapt(List<String> cells) {
        WeChatBillRow row =
                new WeChatBillRow(
                        column -> cells.get(columns.get(column)).strip(),
                        columns.containsKey(RECHARGE_REFUND),
                        billType() == WeChatTradeBill.BillType.REFUND,
                        payerIds);
        Adapted outcome = row.outcome();
        if (!row.state.equals("SUCCESS") && !row.state.equals("REFUND")) {
            sumsCheckable = false;
        }
        summary.add(row);
        return outcome;
    }

    /**
     * The row with its payer cell replaced by {@code ***}, a data row split at its back-ticked
     * separators, any other line at commas.
     */
    @Override
    String masked(String text) {
        boolean ticked = text.startsWith("`");
        String body = ticked ? text.substring(1) : text;
        return (ticked ? "`" : "") + maskedFields(body, ticked ? SEP : ",");
    }
}
