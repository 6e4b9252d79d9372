package io.debitwatch.providers.statement;

import static io.debitwatch.providers.statement.AlipayStatement.GBK;
import static io.debitwatch.providers.statement.AlipayStatement.MERCHANT_DISCOUNT;
import static io.debitwatch.providers.statement.AlipayStatement.PAYER;
import static io.debitwatch.providers.statement.AlipayStatement.REQUIRED;
import static io.debitwatch.providers.statement.AlipayStatement.TITLE;
import static io.debitwatch.providers.statement.AlipayStatement.TXN;
import static io.debitwatch.providers.statement.AlipayStatement.TYPE;

import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.statement.StatementLines.RawLine;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pass over the lines of one Alipay 业务明细 file: the title line (which also tells the charset),
 * the preamble with the account, the header, the data rows (each adapted by {@link
 * AlipayStatementRow}) up to {@code 业务明细列表结束}, then the footer ({@link AlipayStatementFooter}).
 */
final class AlipayStatementReader extends StatementReader {

    private static final String SUMMARY_TITLE = "#支付宝业务汇总查询";
    private static final String LIST_END = "业务明细列表结束";
    private static final Pattern ACCOUNT = Pattern.compile("^#账号[：:]\\s*\\[([^\\]]*)]");

    private final PayerIds payerIds;
    private final String override;
    private final AlipayStatementFooter footer = new AlipayStatementFooter(this::problem);
    private Charset charset = GBK;
    private String account;
    private String merchantId;
    private RawLine endLine;

    AlipayStatementReader(String sourceName, PayerIds payerIds, String override) {
        super(sourceName, Provider.ALIPAY);
        this.payerIds = payerIds;
        this.override = override;
    }

    StatementResult run(List<RawLine> all) {
        List<RawLine> lines = all.stream().filter(line -> !line.blank()).toList();
        if (lines.isEmpty()) {
            problem(all.size(), "empty file: no preamble, no rows, no footer", "");
            return result();
        }
        if (!title(lines.get(0))) {
            return result();
        }
        int h = preamble(lines);
        if (h == lines.size()) {
            problem(last(all), "incomplete file: preamble without header or rows", "");
            return result();
        }
        if (!merchant(lines.get(h)) || !header(lines.get(h))) {
            return result();
        }
        for (RawLine line : lines.subList(h + 1, lines.size())) {
            String text = line.oversize() ? null : text(line);
            if (endLine == null) {
                beforeEnd(line, text);
            } else {
                afterEnd(line, text);
            }
        }
        if (endLine == null) {
            problem(
                    last(all),
                    "incomplete file: no footer (#…业务明细列表结束…, #交易合计, #退款合计) after the last"
                            + " data row; the "
                            + rows.size()
                            + " data rows read still count",
                    "");
        } else {
            footer.end(endLine);
        }
        return result();
    }

    /** Checks the title line; false, with a problem, when this is no 业务明细 file. */
    private boolean title(RawLine first) {
        String title = detectCharset(first);
        if (TITLE.equals(title)) {
            return true;
        }
        String reason;
        if (SUMMARY_TITLE.equals(title)) {
            reason =
                    "not a 业务明细 file: this is the 业务汇总 (summary) file of the bill;"
                            + " read the *_业务明细.csv";
        } else if (title == null) {
            reason = "not an Alipay 业务明细 file: the first line is neither GBK nor UTF-8 text";
        } else {
            reason =
                    "not an Alipay 业务明细 file: the first line is not "
                            + TITLE
                            + " but "
                            + Cells.quote(title);
        }
        problem(first.number(), reason, "");
        return false;
    }

    /** Reads the preamble after the title; returns the index of the header line, or the size. */
    private int preamble(List<RawLine> lines) {
        for (int i = 1; i < lines.size(); i++) {
            RawLine line = lines.get(i);
            String text = text(line);
            if (text == null) {
                problem(line.number(), "bad preamble: line is not " + charset.name() + " text", "");
            } else if (!text.startsWith("#")) {
                return i;
            } else {
                Matcher m = ACCOUNT.matcher(text);
                if (m.find()) {
                    account = m.group(1).strip();
                }
            }
        }
        return lines.size();
    }

    /** Settles the merchant id; false, with a problem, when there is none. */
    private boolean merchant(RawLine headerLine) {
        if (override != null) {
            merchantId = override;
            return true;
        }
        if (account == null || account.isEmpty()) {
            problem(
                    headerLine.number(),
                    "no merchant id: the preamble has no #账号：[…] line and the caller gave no"
                            + " merchant id",
                    "");
            return false;
        }
        try {
            merchantId = Cells.id("#账号", AlipayStatement.merchantIdOf(account), true);
            return true;
        } catch (Cells.Bad e) {
            problem(headerLine.number(), "bad preamble: " + e.getMessage(), "");
            return false;
        }
    }

    /** A line of the list: a data row, or the comment line that ends the list. */
    private void beforeEnd(RawLine line, String text) {
        if (text != null && text.startsWith("#")) {
            if (text.contains(LIST_END)) {
                endLine = line;
            } else {
                problem(line.number(), "unexpected comment line among the data rows", masked(text));
            }
        } else {
            count(text != null ? text : line.lossy(charset));
            rows.add(row(line, text));
        }
    }

    /** A line after the list: a 合计 line, another comment, or out of place. */
    private void afterEnd(RawLine line, String text) {
        if (text == null) {
            problem(line.number(), "bad footer: line is not " + charset.name() + " text", "");
            return;
        }
        if (!footer.line(line, text, sumsCheckable) && !text.startsWith("#")) {
            problem(line.number(), "unexpected line after the footer", masked(text));
        }
    }

    /**
     * Picks the charset from the first line: GBK as Alipay writes it, or UTF-8 when that line is
     * UTF-8 and GBK is not right. Returns the first line's text (BOM removed) or null.
     */
    private String detectCharset(RawLine first) {
        if (first.oversize()) {
            return null;
        }
        String utf8 = first.strict(StandardCharsets.UTF_8);
        if (utf8 != null) {
            String t = utf8.startsWith("\uFEFF") ? utf8.substring(1) : utf8;
            t = t.strip();
            if (t.startsWith(TITLE) || t.startsWith(SUMMARY_TITLE)) {
                charset = StandardCharsets.UTF_8;
                return firstCell(t);
            }
        }
        String gbk = first.strict(GBK);
        if (gbk != null && gbk.strip().startsWith(TITLE)) {
            return firstCell(gbk.strip());
        }
        // Neither: quote the line as it most likely reads.
        return utf8 != null ? firstCell(utf8.strip()) : gbk == null ? null : firstCell(gbk.strip());
    }

    private static String firstCell(String text) {
        int comma = text.indexOf(',');
        return (comma < 0 ? text : text.substring(0, comma)).strip();
    }

    private String text(RawLine line) {
        String t = line.strict(charset);
        if (t != null && t.startsWith("\uFEFF")) {
            t = t.substring(1);
        }
        return t;
    }

    private boolean header(RawLine line) {
        String text = line.oversize() ? null : text(line);
        if (text == null) {
            problem(line.number(), "bad header: not " + charset.name() + " text", "");
            return false;
        }
        List<String> keys = Arrays.stream(text.split(",", -1)).map(AlipayStatement::key).toList();
        HeaderKeys found = HeaderKeys.of(keys, REQUIRED);
        if (!found.missing().isEmpty()) {
            // A first line that is not a header may be a data row: never echo it then.
            boolean headerLike = found.index().containsKey(TXN) || found.index().containsKey(TYPE);
            problem(
                    line.number(),
                    "bad header: lacks required column(s) " + String.join(", ", found.missing()),
                    headerLike && text.length() <= 1024 ? text : "");
            return false;
        }
        return accept(line, text, found, PAYER);
    }

    /**
     * Counts the row for the footer check by its 业务类型 cell. The cell is read where the header puts
     * it, which a stray comma further right (in 商品名称, say) does not move.
     */
    private void count(String text) {
        String[] cells = text.split(",", -1);
        int k = columns.get(TYPE);
        if (k < cells.length) {
            footer.count(cells[k].replace("\t", "").strip());
        }
    }

    @Override
    StatementTotals stated() {
        return footer.stated();
    }

    @Override
    Charset charset() {
        return charset;
    }

    @Override
    String textName() {
        return charset.name();
    }

    @Override
    String separatorName() {
        return "comma";
    }

    @Override
    List<String> fields(String text) {
        return Arrays.asList(text.split(",", -1));
    }

    @Override
    Adapted adapt(List<String> cells) {
        AlipayStatementRow row =
                new AlipayStatementRow(
                        column -> cells.get(columns.get(column)).replace("\t", "").strip(),
                        columns.containsKey(MERCHANT_DISCOUNT),
                        merchantId,
                        payerIds);
        Adapted outcome = Adapted.Events.of(row.event());
        footer.add(row);
        return outcome;
    }

    /** The row with its 对方账户 cell replaced by {@code ***}. */
    @Override
    String masked(String text) {
        return maskedFields(text, ",");
    }
}
