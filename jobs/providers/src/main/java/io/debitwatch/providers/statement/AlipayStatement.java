package io.debitwatch.providers.statement;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.statement.StatementLines.RawLine;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alipay 业务明细 statement (the {@code *_业务明细.csv} of the {@code trade} bill that {@code
 * alipay.data.dataservice.bill.downloadurl.query} links to) to provider events with source
 * STATEMENT, and back (for tests and tooling).
 *
 * <h2>Layout (sources)</h2>
 *
 * <ul>
 *   <li>Alipay support on the bill download (developer.aliyun.com/article/707638): the CSV is in
 *       "ANSI" encoding, i.e. GBK on Chinese Windows; the account in the bill is the merchant's PID
 *       (2088 + 12 digits) followed by 0156 ("userId=20885016245603350156
 *       对应的商户pid=2088501624560335").
 *   <li>Real-shaped bills in public reconciliation code (e.g. a test of a payment channel module
 *       with a 2019-09-16 bill; another with a 2026-06-05 one): preamble lines {@code #支付宝业务明细查询},
 *       {@code #账号：[20880211096256330156]}, {@code #起始日期：[2019年09月16日 00:00:00] 终止日期：[…]}, {@code
 *       #-----…业务明细列表-----…}; the header of the 25 columns in {@link #HEADER}; data rows whose text
 *       cells end with a tab (so that spreadsheets keep long numbers as text); a refund is a row of
 *       业务类型 退款 with the same 支付宝交易号 and 商户订单号 as the payment, negative 订单金额（元）/商家实收（元）, 完成时间 =
 *       when the refund was made and the refund's request number in 退款批次号/请求号; the footer {@code
 *       #-----…业务明细列表结束-----…}, {@code #交易合计：6笔，商家实收共0.06元，商家优惠共0.00元}, {@code
 *       #退款合计：4笔，商家实收退款共-0.04元，商家优惠退款共0.00元}, {@code #导出时间：[…]}: the counts are those of the 交易 and
 *       退款 rows and the amounts the sums of their 商家实收（元） and 商家优惠（元）.
 *   <li>{@code alipay.trade.fastpay.refund.query}, field {@code out_request_no}: when the refund
 *       request carried none, the refund's request number is the order's {@code out_trade_no}.
 * </ul>
 *
 * <h2>Mapping</h2>
 *
 * <ul>
 *   <li>Columns are located by header name (full-width or ASCII brackets, surrounding tabs and
 *       spaces ignored); a header without one of {@link #REQUIRED} refuses the file.
 *   <li>业务类型 交易: DEBITED; {@code amount_minor} = 订单金额（元）; no {@code payer_amount_minor} (the file
 *       splits discounts over several columns whose sum semantics are not documented).
 *   <li>业务类型 退款: REFUNDED; {@code refund_amount_minor} = |订单金额（元）| (negative in the file); {@code
 *       out_refund_no} = 退款批次号/请求号, or 商户订单号 when empty (Alipay's own default); {@code
 *       amount_minor} = 0: a refund row does not state the order amount, and detection reads only
 *       the refund amount of a refund.
 *   <li>Any other 业务类型: rejected row.
 *   <li>{@code event_time} = 完成时间, local China time; {@code provider_txn_id} = 支付宝交易号; {@code
 *       merchant_id} = the caller's override if given, else the PID of the {@code #账号：[…]} line
 *       (the trailing 0156 of a 20-digit 2088… account removed; any other account as written);
 *       {@code payer_ref} = {@link PayerIds#ref} of 对方账户 (Alipay's own partly masked "name(logon)"
 *       form, so it is a different reference than a notification's {@code buyer_id} gives); {@code
 *       device_id} = 终端号 when not empty; currency CNY.
 *   <li>{@code event_id} = "alib-" + 支付宝交易号 + "-DEBITED", or "-REFUNDED-" + the refund number.
 * </ul>
 *
 * <h2>Checks</h2>
 *
 * Lines are decoded one by one with a strict GBK decoder, so a line of other bytes spoils only
 * itself (a UTF-8 copy, e.g. re-saved by a spreadsheet, is recognised from its first line and read
 * as UTF-8). A row with a different number of fields than the header is rejected. A missing footer
 * ({@code 业务明细列表结束} and the two 合计 lines) makes the file incomplete: a file-level problem, the rows
 * read still count. The footer counts must equal the numbers of 交易 and 退款 rows; the 商家实收 and 商家优惠
 * sums are compared too when every data row was read.
 */
public final class AlipayStatement {

    /** The header of a 业务明细 file, in Alipay's order. */
    public static final List<String> HEADER =
            List.of(
                    "支付宝交易号",
                    "商户订单号",
                    "业务类型",
                    "商品名称",
                    "创建时间",
                    "完成时间",
                    "门店编号",
                    "门店名称",
                    "操作员",
                    "终端号",
                    "对方账户",
                    "订单金额（元）",
                    "商家实收（元）",
                    "支付宝红包（元）",
                    "集分宝（元）",
                    "支付宝优惠（元）",
                    "商家优惠（元）",
                    "券核销金额（元）",
                    "券名称",
                    "商家红包消费金额（元）",
                    "卡消费金额（元）",
                    "退款批次号/请求号",
                    "服务费（元）",
                    "分润（元）",
                    "备注");

    static final Charset GBK = Charset.forName("GBK");

    static final String TITLE = "#支付宝业务明细查询";
    private static final String SUMMARY_TITLE = "#支付宝业务汇总查询";
    private static final String LIST_END = "业务明细列表结束";

    static final String TXN = "支付宝交易号";
    static final String OUT_TRADE_NO = "商户订单号";
    static final String TYPE = "业务类型";
    static final String CREATED = "创建时间";
    static final String FINISHED = "完成时间";
    static final String TERMINAL = "终端号";
    static final String PAYER = "对方账户";
    static final String AMOUNT = "订单金额（元）";
    static final String RECEIVED = "商家实收（元）";
    static final String MERCHANT_DISCOUNT = "商家优惠（元）";
    static final String REQUEST_NO = "退款批次号/请求号";

    /** Columns the mapping and the footer check read. */
    public static final List<String> REQUIRED =
            List.of(
                    TXN,
                    OUT_TRADE_NO,
                    TYPE,
                    FINISHED,
                    TERMINAL,
                    PAYER,
                    AMOUNT,
                    RECEIVED,
                    REQUEST_NO);

    private static final Pattern ACCOUNT = Pattern.compile("^#账号[：:]\\s*\\[([^\\]]*)]");
    private static final Pattern PID_ACCOUNT = Pattern.compile("(2088[0-9]{12})0156");
    private static final Pattern TRADE_TOTAL = Pattern.compile("^#交易合计[：:]\\s*([0-9]+)\\s*笔(.*)$");
    private static final Pattern REFUND_TOTAL = Pattern.compile("^#退款合计[：:]\\s*([0-9]+)\\s*笔(.*)$");
    private static final String NUMBER = "\\s*(-?[0-9]{1,15}(?:\\.[0-9]{1,8})?)\\s*元";
    private static final Pattern TRADE_RECEIVED = Pattern.compile("商家实收共" + NUMBER);
    private static final Pattern TRADE_DISCOUNT = Pattern.compile("商家优惠共" + NUMBER);
    private static final Pattern REFUND_RECEIVED = Pattern.compile("商家实收退款共" + NUMBER);
    private static final Pattern REFUND_DISCOUNT = Pattern.compile("商家优惠退款共" + NUMBER);

    static final DateTimeFormatter CN_DATE = DateTimeFormatter.ofPattern("uuuu年MM月dd日 HH:mm:ss");

    private static final String MASK = "***";

    private AlipayStatement() {}

    /**
     * Reads a 业务明细 file; {@code merchant_id} comes from its {@code #账号} line. Never throws on bad
     * content: bad rows are rejected rows, file-level trouble is in {@link
     * StatementResult#problems()}.
     *
     * @throws IOException only when {@code in} cannot be read
     */
    public static StatementResult parse(InputStream in, String sourceName, PayerIds payerIds)
            throws IOException {
        return parse(in, sourceName, payerIds, null);
    }

    /**
     * Reads a 业务明细 file with {@code merchantId} as every event's {@code merchant_id} (when not
     * null), e.g. when the acquirer keys Alipay orders by something else than the PID.
     *
     * @throws IllegalArgumentException when {@code merchantId} is blank, longer than 64 characters
     *     or holds a control character
     * @throws IOException only when {@code in} cannot be read
     */
    public static StatementResult parse(
            InputStream in, String sourceName, PayerIds payerIds, String merchantId)
            throws IOException {
        Objects.requireNonNull(payerIds, "payerIds");
        if (merchantId != null) {
            try {
                Cells.id("merchant id override", merchantId, true);
            } catch (Cells.Bad e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        return new Parser(sourceName, payerIds, merchantId).run(StatementLines.read(in));
    }

    /**
     * The merchant id for the account of a {@code #账号：[…]} line: the 16-digit PID when the account
     * is PID + 0156, else the account as written.
     */
    public static String merchantIdOf(String account) {
        Matcher m = PID_ACCOUNT.matcher(account);
        return m.matches() ? m.group(1) : account;
    }

    /** Header cell as a lookup key: tabs and spaces removed, ASCII brackets made full-width. */
    private static String key(String name) {
        String s = name.strip().replace("\t", "");
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1).strip();
        }
        return s.replace('(', '（').replace(')', '）');
    }

    /** One pass over the lines of one file. */
    private static final class Parser {
        private final String sourceName;
        private final PayerIds payerIds;
        private final String override;
        private final List<StatementResult.Row> rows = new ArrayList<>();
        private final List<StatementResult.Problem> problems = new ArrayList<>();
        private Charset charset = GBK;
        private String merchantId;
        private Map<String, Integer> columns;
        private int width;
        private int payerIndex;
        private int trades;
        private int refunds;
        private long tradeReceived;
        private long tradeDiscount;
        private long refundReceived;
        private long refundDiscount;
        private boolean sumsCheckable = true;

        Parser(String sourceName, PayerIds payerIds, String override) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            this.payerIds = payerIds;
            this.override = override;
        }

        private StatementResult result() {
            return new StatementResult(sourceName, Provider.ALIPAY, rows, problems);
        }

        private void problem(long line, String reason, String raw) {
            problems.add(new StatementResult.Problem(line, reason, raw));
        }

        StatementResult run(List<RawLine> lines) {
            int i = 0;
            while (i < lines.size() && lines.get(i).blank()) {
                i++;
            }
            if (i == lines.size()) {
                problem(lines.size(), "empty file: no preamble, no rows, no footer", "");
                return result();
            }
            RawLine first = lines.get(i);
            String title = detectCharset(first);
            if (!TITLE.equals(title)) {
                String reason;
                if (SUMMARY_TITLE.equals(title)) {
                    reason =
                            "not a 业务明细 file: this is the 业务汇总 (summary) file of the bill;"
                                    + " read the *_业务明细.csv";
                } else if (title == null) {
                    reason =
                            "not an Alipay 业务明细 file: the first line is neither GBK nor UTF-8 text";
                } else {
                    reason =
                            "not an Alipay 业务明细 file: the first line is not "
                                    + TITLE
                                    + " but "
                                    + Cells.quote(title);
                }
                problem(first.number(), reason, "");
                return result();
            }
            String account = null;
            RawLine headerLine = null;
            for (i = i + 1; i < lines.size(); i++) {
                RawLine line = lines.get(i);
                if (line.blank()) {
                    continue;
                }
                String text = text(line);
                if (text == null) {
                    problem(
                            line.number(),
                            "bad preamble: line is not " + charset.name() + " text",
                            "");
                    continue;
                }
                if (!text.startsWith("#")) {
                    headerLine = line;
                    break;
                }
                Matcher m = ACCOUNT.matcher(text);
                if (m.find()) {
                    account = m.group(1).strip();
                }
            }
            if (headerLine == null) {
                problem(
                        lines.get(lines.size() - 1).number(),
                        "incomplete file: preamble without header or rows",
                        "");
                return result();
            }
            if (override != null) {
                merchantId = override;
            } else if (account == null || account.isEmpty()) {
                problem(
                        headerLine.number(),
                        "no merchant id: the preamble has no #账号：[…] line and the caller gave no"
                                + " merchant id",
                        "");
                return result();
            } else {
                try {
                    merchantId = Cells.id("#账号", merchantIdOf(account), true);
                } catch (Cells.Bad e) {
                    problem(headerLine.number(), "bad preamble: " + e.getMessage(), "");
                    return result();
                }
            }
            if (!header(headerLine)) {
                return result();
            }
            boolean ended = false;
            RawLine endLine = null;
            Integer statedTrades = null;
            Integer statedRefunds = null;
            for (i = i + 1; i < lines.size(); i++) {
                RawLine line = lines.get(i);
                if (line.blank()) {
                    continue;
                }
                String text = line.oversize() ? null : text(line);
                if (!ended) {
                    if (text != null && text.startsWith("#")) {
                        if (text.contains(LIST_END)) {
                            ended = true;
                            endLine = line;
                        } else {
                            problem(
                                    line.number(),
                                    "unexpected comment line among the data rows",
                                    masked(text));
                        }
                    } else {
                        rows.add(row(line, text));
                    }
                    continue;
                }
                if (text == null) {
                    problem(
                            line.number(),
                            "bad footer: line is not " + charset.name() + " text",
                            "");
                    continue;
                }
                Matcher trade = TRADE_TOTAL.matcher(text);
                Matcher refund = REFUND_TOTAL.matcher(text);
                if (trade.matches()) {
                    statedTrades = footer(line, text, trade, "交易", trades);
                    sums(line, text, trade.group(2), TRADE_RECEIVED, "商家实收共", tradeReceived);
                    sums(line, text, trade.group(2), TRADE_DISCOUNT, "商家优惠共", tradeDiscount);
                } else if (refund.matches()) {
                    statedRefunds = footer(line, text, refund, "退款", refunds);
                    sums(line, text, refund.group(2), REFUND_RECEIVED, "商家实收退款共", refundReceived);
                    sums(line, text, refund.group(2), REFUND_DISCOUNT, "商家优惠退款共", refundDiscount);
                } else if (!text.startsWith("#")) {
                    problem(line.number(), "unexpected line after the footer", masked(text));
                }
            }
            long last = lines.get(lines.size() - 1).number();
            if (!ended) {
                problem(
                        last,
                        "incomplete file: no footer (#…业务明细列表结束…, #交易合计, #退款合计) after the last"
                                + " data row; the "
                                + rows.size()
                                + " data rows read still count",
                        "");
            } else {
                if (statedTrades == null) {
                    problem(
                            endLine.number(),
                            "incomplete file: the footer lacks the #交易合计 line",
                            "");
                }
                if (statedRefunds == null) {
                    problem(
                            endLine.number(),
                            "incomplete file: the footer lacks the #退款合计 line",
                            "");
                }
            }
            return result();
        }

        /**
         * Picks the charset from the first line: GBK as Alipay writes it, or UTF-8 when that line
         * is UTF-8 and GBK is not right. Returns the first line's text (BOM removed) or null.
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
            return utf8 != null
                    ? firstCell(utf8.strip())
                    : gbk == null ? null : firstCell(gbk.strip());
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
            String[] names = text.split(",", -1);
            Map<String, Integer> index = new HashMap<>();
            List<String> twice = new ArrayList<>();
            for (int k = 0; k < names.length; k++) {
                String name = key(names[k]);
                if (index.putIfAbsent(name, k) != null && REQUIRED.contains(name)) {
                    twice.add(name);
                }
            }
            List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                // A first line that is not a header may be a data row: never echo it then.
                boolean headerLike = index.containsKey(TXN) || index.containsKey(TYPE);
                problem(
                        line.number(),
                        "bad header: lacks required column(s) " + String.join(", ", missing),
                        headerLike && text.length() <= 1024 ? text : "");
                return false;
            }
            if (!twice.isEmpty()) {
                problem(
                        line.number(),
                        "bad header: column(s) " + String.join(", ", twice) + " appear twice",
                        text);
                return false;
            }
            columns = index;
            width = names.length;
            payerIndex = index.get(PAYER);
            return true;
        }

        private StatementResult.Row row(RawLine line, String text) {
            count(text != null ? text : line.lossy(charset));
            if (line.oversize()) {
                sumsCheckable = false;
                return rejected(
                        line,
                        masked(line.lossy(charset)),
                        "line longer than " + StatementLines.MAX_LINE_BYTES + " bytes");
            }
            if (text == null) {
                sumsCheckable = false;
                return rejected(
                        line,
                        masked(line.lossy(charset)),
                        "line is not " + charset.name() + " text");
            }
            String raw = masked(text);
            String[] cells = text.split(",", -1);
            if (cells.length != width) {
                sumsCheckable = false;
                return rejected(
                        line,
                        raw,
                        "row has "
                                + cells.length
                                + " fields, the header "
                                + width
                                + " (shifted columns: a stray or missing comma)");
            }
            try {
                return new StatementResult.Row(line.number(), adapt(cells), raw);
            } catch (Cells.Bad e) {
                sumsCheckable = false;
                return rejected(line, raw, e.getMessage());
            }
        }

        /**
         * Counts the row for the footer check by its 业务类型 cell, also when the row is rejected
         * later: the footer counts every row Alipay wrote. The cell is read where the header puts
         * it, which a stray comma further right (in 商品名称, say) does not move.
         */
        private void count(String text) {
            String[] cells = text.split(",", -1);
            int k = columns.get(TYPE);
            if (k < cells.length) {
                String type = cells[k].replace("\t", "").strip();
                if (type.equals("交易")) {
                    trades++;
                } else if (type.equals("退款")) {
                    refunds++;
                }
            }
        }

        private static StatementResult.Row rejected(RawLine line, String raw, String reason) {
            return new StatementResult.Row(line.number(), Adapted.reject(reason), raw);
        }

        /** A cell with the tabs and spaces Alipay pads it with removed. */
        private String cell(String[] cells, String column) {
            return cells[columns.get(column)].replace("\t", "").strip();
        }

        private Adapted adapt(String[] cells) {
            String type = cell(cells, TYPE);
            boolean refund;
            if (type.equals("交易")) {
                refund = false;
            } else if (type.equals("退款")) {
                refund = true;
            } else {
                throw new Cells.Bad(
                        type.isEmpty()
                                ? TYPE + " is empty"
                                : "unknown " + TYPE + " " + Cells.quote(type) + " (only 交易, 退款)");
            }
            String txn = Cells.id(TXN, cell(cells, TXN), true);
            String outTradeNo = Cells.id(OUT_TRADE_NO, cell(cells, OUT_TRADE_NO), true);
            Instant time = Cells.time(FINISHED, cell(cells, FINISHED));
            long amount = Cells.signedFen(AMOUNT, cell(cells, AMOUNT));
            long received = Cells.signedFen(RECEIVED, cell(cells, RECEIVED));
            long discount =
                    columns.containsKey(MERCHANT_DISCOUNT)
                            ? Cells.signedFen(MERCHANT_DISCOUNT, cell(cells, MERCHANT_DISCOUNT))
                            : 0;
            String device = Cells.id(TERMINAL, cell(cells, TERMINAL), false);
            String payerRef = payerIds.ref(Provider.ALIPAY.name(), cell(cells, PAYER));
            ProviderEvent event;
            if (refund) {
                if (amount == 0) {
                    throw new Cells.Bad(AMOUNT + " is 0.00 on a 退款 row");
                }
                String requestNo = cell(cells, REQUEST_NO);
                String outRefundNo =
                        requestNo.isEmpty() ? outTradeNo : Cells.id(REQUEST_NO, requestNo, true);
                event =
                        new ProviderEvent(
                                Cells.eventId("alib", txn, "REFUNDED", outRefundNo),
                                time,
                                Provider.ALIPAY,
                                merchantId,
                                outTradeNo,
                                txn,
                                ProviderSource.STATEMENT,
                                ProviderStatus.REFUNDED,
                                0,
                                "CNY",
                                null,
                                Math.abs(amount),
                                outRefundNo,
                                payerRef,
                                device);
                refundReceived += received;
                refundDiscount += discount;
            } else {
                if (amount <= 0) {
                    throw new Cells.Bad(
                            AMOUNT + " must be positive on a 交易 row: " + Cells.yuan(amount));
                }
                event =
                        new ProviderEvent(
                                Cells.eventId("alib", txn, "DEBITED"),
                                time,
                                Provider.ALIPAY,
                                merchantId,
                                outTradeNo,
                                txn,
                                ProviderSource.STATEMENT,
                                ProviderStatus.DEBITED,
                                amount,
                                "CNY",
                                null,
                                null,
                                null,
                                payerRef,
                                device);
                tradeReceived += received;
                tradeDiscount += discount;
            }
            return Adapted.Events.of(event);
        }

        /** Checks a 合计 count; returns it. */
        private Integer footer(RawLine line, String text, Matcher m, String type, int counted) {
            int stated;
            try {
                stated = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                problem(line.number(), "bad footer: count too large: " + m.group(1), text);
                return -1;
            }
            if (stated != counted) {
                problem(
                        line.number(),
                        "footer mismatch: "
                                + type
                                + "合计 says "
                                + stated
                                + "笔, the file has "
                                + counted
                                + " "
                                + type
                                + " rows (rows lost or added?)",
                        text);
            }
            return stated;
        }

        private void sums(
                RawLine line, String text, String rest, Pattern p, String label, long sum) {
            Matcher m = p.matcher(rest);
            if (!sumsCheckable || !m.find()) {
                return;
            }
            BigDecimal stated = new BigDecimal(m.group(1));
            if (stated.compareTo(BigDecimal.valueOf(sum, 2)) != 0) {
                problem(
                        line.number(),
                        "footer mismatch: "
                                + label
                                + " "
                                + stated.toPlainString()
                                + "元, the rows add up to "
                                + Cells.yuan(sum),
                        text);
            }
        }

        /**
         * The row with its 对方账户 cell replaced by {@code ***}. When the row has more or fewer fields
         * than the header, the payer may have moved by up to that difference, so every field within
         * that distance of the payer column is masked too.
         */
        private String masked(String text) {
            String[] cells = text.split(",", -1);
            Cells.maskPayer(cells, payerIndex, Math.abs(cells.length - width), MASK);
            return String.join(",", cells);
        }
    }
}
