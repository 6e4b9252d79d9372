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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * WeChat Pay trade bill (交易账单, {@code GET /v3/bill/tradebill}, {@code bill_type=ALL}) to provider
 * events with source STATEMENT, and back (for tests and tooling).
 *
 * <h2>Layout (sources)</h2>
 *
 * <ul>
 *   <li>WeChat Pay, 交易账单文件格式说明
 *       (pay.weixin.qq.com/docs/merchant/products/bill-download/format-trade.html): a detail header
 *       row, detail rows, a summary header row and one summary row; fields separated by ','; every
 *       detail and summary field prefixed with one back-tick (`) so that spreadsheets keep long
 *       numbers intact; the ALL header is the 27 columns of {@link #HEADER} and the ALL summary
 *       header the 7 of {@link #SUMMARY_HEADER}. Payments and refunds are independent rows: an
 *       order paid and refunded on the same day gives two rows. The time of a payment row is the
 *       payment's success time, that of a refund row when the refund was accepted (not when it
 *       succeeded), and a refund row's 退款状态 is a snapshot that is never updated. 特约商户号 is the
 *       sub-merchant in service-provider mode and the digit 0 for a normal merchant. Amounts are in
 *       yuan.
 *   <li>WeChat Pay's official PHP SDK test fixture (wechatpay-apiv3/wechatpay-php,
 *       tests/fixtures/bill.ALL.csv), a real-shaped ALL bill of 45 rows: refund rows carry 0.00 in
 *       应结订单金额 and 订单金额 and the refund in 退款金额 / 申请退款金额; 总交易单数 is "45.0" and counts the refund rows
 *       too; 应结订单总金额, 退款总金额, 订单总金额 and 申请退款总金额 are the column sums over all rows; 手续费 has five
 *       decimals ("0.01000").
 *   <li>WeChat's 2018-11 format change, as quoted in a public parser of it (lyenrowe/bill-parser,
 *       src/FileParser/WechatWap.php): 应结订单金额 = 订单金额 minus 免充值券 (what is settled to the merchant);
 *       代金券金额 sums all coupons, 充值券 and 免充值券; 退款金额 = 申请退款金额 minus the 免充值券 part; bills still in the
 *       pre-2018 layout lack 订单金额 and 申请退款金额 and are refused here (the header check names the
 *       missing columns).
 * </ul>
 *
 * <h2>Mapping</h2>
 *
 * <ul>
 *   <li>Columns are located by header name, never by position; a header without one of {@link
 *       #REQUIRED} refuses the file.
 *   <li>交易状态 SUCCESS: DEBITED; {@code amount_minor} = 订单金额 (the order amount, as detection compares
 *       order amounts; 应结订单金额 excludes 免充值 coupons); {@code payer_amount_minor} = 订单金额 − 代金券金额,
 *       what the payer paid (the v3 {@code payer_total}); 应结订单金额 is not the payer amount when a 充值券
 *       was used (the fixture has 应结 0.03, 代金券 0.01, 订单 0.03).
 *   <li>REFUND with 退款状态 SUCCESS: REFUNDED; {@code refund_amount_minor} = 申请退款金额, the whole refund
 *       against the order amount (退款金额 leaves out coupon money, so it would not be comparable to
 *       {@code amount_minor}); {@code out_refund_no} = 商户退款单号; {@code amount_minor} = the row's
 *       订单金额, which WeChat writes as 0.00 on refund rows. 退款状态 PROCESSING gives a {@link
 *       Adapted.Notice} REFUND_PROCESSING, CHANGE/ABNORMAL REFUND_ABNORMAL, REFUNDCLOSE/CLOSED
 *       REFUND_CLOSED: the money is not (yet) back, so it must not count as returned.
 *   <li>REVOKED (a barcode payment reversed after it succeeded): REVERSED.
 *   <li>Any other 交易状态 (NOTPAY, CLOSED, ... never in a bill): rejected row.
 *   <li>{@code event_time} = 交易时间, local China time; {@code provider_txn_id} = 微信订单号; {@code
 *       merchant_id} = 特约商户号 unless it is empty or 0, else 商户号; {@code payer_ref} = {@link
 *       PayerIds#ref} of 用户标识; {@code device_id} = 设备号 when not empty.
 *   <li>{@code event_id} = "wxb-" + 微信订单号 + "-" + status (+ "-" + 商户退款单号 for refunds): loading the
 *       same bill twice gives the same events. A REVOKED row without 微信订单号 uses 商户号/特约商户号 and 商户订单号
 *       instead; an id that would pass the core's 128 characters becomes "wxb-h-" + a SHA-256 of
 *       it.
 * </ul>
 *
 * <h2>Checks</h2>
 *
 * Data rows are split at ",`" (every field starts with a back-tick), so a plain comma inside a
 * goods name does not shift the columns; a row with a different number of fields than the header (a
 * stray or missing separator) is rejected. A missing summary makes the file incomplete (a
 * file-level problem; the rows read still count). 总交易单数 must equal the number of data rows, refund
 * rows included. The totals 应结订单总金额, 退款总金额, 充值券退款总金额, 订单总金额 and 申请退款总金额 are compared with the
 * column sums when every data row was read and is a SUCCESS or REFUND row (the fixture confirms the
 * sums for those; how REVOKED rows enter the totals is not documented, so a file with one is
 * checked by count only). 手续费总金额 is never compared: the rows carry five decimals and the rounding
 * of the total is not documented.
 */
public final class WeChatTradeBill {

    /** The detail header of an ALL bill, in WeChat's order. */
    public static final List<String> HEADER =
            List.of(
                    "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型",
                    "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额",
                    "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额",
                    "费率备注");

    /** The summary header of an ALL bill. */
    public static final List<String> SUMMARY_HEADER =
            List.of("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额");

    static final String TIME = "交易时间";
    static final String MCHID = "商户号";
    static final String SUB_MCHID = "特约商户号";
    static final String DEVICE = "设备号";
    static final String TXN = "微信订单号";
    static final String OUT_TRADE_NO = "商户订单号";
    static final String PAYER = "用户标识";
    static final String STATE = "交易状态";
    static final String CURRENCY = "货币种类";
    static final String SETTLE = "应结订单金额";
    static final String COUPON = "代金券金额";
    static final String OUT_REFUND_NO = "商户退款单号";
    static final String REFUND = "退款金额";
    static final String RECHARGE_REFUND = "充值券退款金额";
    static final String REFUND_STATE = "退款状态";
    static final String TOTAL = "订单金额";
    static final String APPLIED_REFUND = "申请退款金额";
    private static final String COUNT = "总交易单数";

    /** Columns the mapping reads; a header without any of them refuses the file. */
    public static final List<String> REQUIRED =
            List.of(
                    TIME,
                    MCHID,
                    SUB_MCHID,
                    DEVICE,
                    TXN,
                    OUT_TRADE_NO,
                    PAYER,
                    STATE,
                    CURRENCY,
                    SETTLE,
                    COUPON,
                    OUT_REFUND_NO,
                    REFUND,
                    REFUND_STATE,
                    TOTAL,
                    APPLIED_REFUND);

    /** Summary total -> the detail column it sums (checked when both are present). */
    private static final Map<String, String> TOTALS =
            orderedMap(
                    "应结订单总金额", SETTLE,
                    "退款总金额", REFUND,
                    "充值券退款总金额", RECHARGE_REFUND,
                    "订单总金额", TOTAL,
                    "申请退款总金额", APPLIED_REFUND);

    private static final Charset UTF8 = StandardCharsets.UTF_8;
    static final String SEP = ",`";
    private static final String MASK = "***";

    private WeChatTradeBill() {}

    /**
     * Reads a trade bill (UTF-8, with or without BOM, LF or CRLF). Never throws on bad content: bad
     * rows are rejected rows, file-level trouble is in {@link StatementResult#problems()}.
     *
     * @param in the bill's bytes (not closed here)
     * @param sourceName the file name, for dead letters
     * @param payerIds how payer identifiers are hashed (or dropped)
     * @throws IOException only when {@code in} cannot be read
     */
    public static StatementResult parse(InputStream in, String sourceName, PayerIds payerIds)
            throws IOException {
        Objects.requireNonNull(payerIds, "payerIds");
        return new Parser(sourceName, payerIds).run(StatementLines.read(in));
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** One pass over the lines of one file. */
    private static final class Parser {
        private final String sourceName;
        private final PayerIds payerIds;
        private final List<StatementResult.Row> rows = new ArrayList<>();
        private final List<StatementResult.Problem> problems = new ArrayList<>();
        private Map<String, Integer> columns;
        private int width;
        private int payerIndex;

        /** Column sums over the rows read; usable only while {@link #totalsCheckable}. */
        private final Map<String, Long> sums = new HashMap<>();

        private boolean totalsCheckable = true;

        Parser(String sourceName, PayerIds payerIds) {
            this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
            this.payerIds = payerIds;
        }

        StatementResult run(List<RawLine> lines) {
            int i = 0;
            while (i < lines.size() && lines.get(i).blank()) {
                i++;
            }
            if (i == lines.size()) {
                problem(lines.size(), "empty file: no header, no rows, no summary", "");
                return result();
            }
            if (!header(lines.get(i))) {
                return result();
            }
            RawLine summaryHeader = null;
            List<String> summaryNames = null;
            boolean summaryDone = false;
            long last = lines.get(lines.size() - 1).number();
            for (i = i + 1; i < lines.size(); i++) {
                RawLine line = lines.get(i);
                if (line.blank()) {
                    continue;
                }
                String text = line.oversize() ? null : line.strict(UTF8);
                if (summaryDone) {
                    problem(
                            line.number(),
                            "unexpected line after the summary row",
                            masked(text == null ? line.lossy(UTF8) : text));
                } else if (summaryHeader != null) {
                    summary(line, text, summaryNames);
                    summaryDone = true;
                } else if (text != null && isSummaryHeader(text)) {
                    summaryHeader = line;
                    summaryNames = names(text);
                } else {
                    rows.add(row(line, text));
                }
            }
            if (summaryHeader == null) {
                problem(
                        last,
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

        private StatementResult result() {
            return new StatementResult(sourceName, Provider.WECHAT, rows, problems);
        }

        private void problem(long line, String reason, String raw) {
            problems.add(new StatementResult.Problem(line, reason, raw));
        }

        /** Reads the header; false (with a problem) when the file must be refused. */
        private boolean header(RawLine line) {
            String text = line.oversize() ? null : line.strict(UTF8);
            if (text == null) {
                problem(line.number(), "bad header: not UTF-8 text", "");
                return false;
            }
            List<String> names = names(text);
            Map<String, Integer> index = new HashMap<>();
            List<String> twice = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                if (index.putIfAbsent(names.get(k), k) != null && REQUIRED.contains(names.get(k))) {
                    twice.add(names.get(k));
                }
            }
            List<String> missing = REQUIRED.stream().filter(c -> !index.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                String what =
                        index.containsKey(TIME) && index.containsKey(TXN)
                                ? "bad header: lacks required column(s) "
                                        + String.join(", ", missing)
                                        + " (not an ALL trade bill in the current format?)"
                                : "bad header: not a WeChat Pay trade bill header (expected "
                                        + String.join(",", HEADER.subList(0, 6))
                                        + ",…); lacks "
                                        + String.join(", ", missing);
                // A first line that is not a header may be a data row: never echo it.
                boolean headerLike = index.containsKey(TIME) && !text.startsWith("`");
                problem(line.number(), what, headerLike && text.length() <= 1024 ? text : "");
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
            width = names.size();
            payerIndex = index.get(PAYER);
            return true;
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

        private StatementResult.Row row(RawLine line, String text) {
            if (line.oversize()) {
                totalsCheckable = false;
                return rejected(
                        line,
                        masked(line.lossy(UTF8)),
                        "line longer than " + StatementLines.MAX_LINE_BYTES + " bytes");
            }
            if (text == null) {
                totalsCheckable = false;
                return rejected(line, masked(line.lossy(UTF8)), "line is not valid UTF-8 text");
            }
            String raw = masked(text);
            if (!text.startsWith("`")) {
                totalsCheckable = false;
                return rejected(
                        line, raw, "not a data row: its fields do not start with a back-tick (`)");
            }
            List<String> cells = Arrays.asList(text.substring(1).split(SEP, -1));
            if (cells.size() != width) {
                totalsCheckable = false;
                return rejected(
                        line,
                        raw,
                        "row has "
                                + cells.size()
                                + " fields, the header "
                                + width
                                + " (shifted columns: a stray or missing separator)");
            }
            try {
                return new StatementResult.Row(line.number(), adapt(cells), raw);
            } catch (Cells.Bad e) {
                totalsCheckable = false;
                return rejected(line, raw, e.getMessage());
            }
        }

        private static StatementResult.Row rejected(RawLine line, String raw, String reason) {
            return new StatementResult.Row(line.number(), Adapted.reject(reason), raw);
        }

        private String cell(List<String> cells, String column) {
            return cells.get(columns.get(column)).strip();
        }

        private Adapted adapt(List<String> cells) {
            String state = cell(cells, STATE);
            if (!state.equals("SUCCESS") && !state.equals("REFUND") && !state.equals("REVOKED")) {
                throw new Cells.Bad(
                        state.isEmpty()
                                ? STATE + " is empty"
                                : STATE
                                        + " "
                                        + Cells.quote(state)
                                        + " is not expected in a trade bill (only SUCCESS, REFUND,"
                                        + " REVOKED)");
            }
            Instant time = Cells.time(TIME, cell(cells, TIME));
            String sub = cell(cells, SUB_MCHID);
            String merchant =
                    sub.isEmpty() || sub.equals("0")
                            ? Cells.id(MCHID, cell(cells, MCHID), true)
                            : Cells.id(SUB_MCHID, sub, true);
            String outTradeNo = Cells.id(OUT_TRADE_NO, cell(cells, OUT_TRADE_NO), true);
            String txn = Cells.id(TXN, cell(cells, TXN), !state.equals("REVOKED"));
            String currency = Cells.currency(CURRENCY, cell(cells, CURRENCY));
            String device = Cells.id(DEVICE, cell(cells, DEVICE), false);
            long total = Cells.fen(TOTAL, cell(cells, TOTAL));
            long settle = Cells.fen(SETTLE, cell(cells, SETTLE));
            long coupon = Cells.fen(COUPON, cell(cells, COUPON));
            long refund = Cells.fen(REFUND, cell(cells, REFUND));
            long applied = Cells.fen(APPLIED_REFUND, cell(cells, APPLIED_REFUND));
            long recharge =
                    columns.containsKey(RECHARGE_REFUND)
                            ? Cells.fen(RECHARGE_REFUND, cell(cells, RECHARGE_REFUND))
                            : 0;
            String payerRef = payerIds.ref(Provider.WECHAT.name(), cell(cells, PAYER));

            Adapted outcome;
            switch (state) {
                case "SUCCESS" -> {
                    if (total == 0) {
                        throw new Cells.Bad(TOTAL + " is 0.00 on a SUCCESS row");
                    }
                    if (coupon > total) {
                        throw new Cells.Bad(COUPON + " is above " + TOTAL);
                    }
                    outcome =
                            Adapted.Events.of(
                                    new ProviderEvent(
                                            Cells.eventId("wxb", txn, "DEBITED"),
                                            time,
                                            Provider.WECHAT,
                                            merchant,
                                            outTradeNo,
                                            txn,
                                            ProviderSource.STATEMENT,
                                            ProviderStatus.DEBITED,
                                            total,
                                            currency,
                                            total - coupon,
                                            null,
                                            null,
                                            payerRef,
                                            device));
                }
                case "REFUND" -> {
                    String outRefundNo = Cells.id(OUT_REFUND_NO, cell(cells, OUT_REFUND_NO), true);
                    if (applied == 0) {
                        throw new Cells.Bad(APPLIED_REFUND + " is 0.00 on a REFUND row");
                    }
                    String refundState = cell(cells, REFUND_STATE);
                    String notice =
                            switch (refundState) {
                                case "SUCCESS" -> null;
                                case "PROCESSING" -> "REFUND_PROCESSING";
                                case "CHANGE", "ABNORMAL" -> "REFUND_ABNORMAL";
                                case "REFUNDCLOSE", "CLOSED" -> "REFUND_CLOSED";
                                case "" ->
                                        throw new Cells.Bad(
                                                REFUND_STATE + " is empty on a REFUND row");
                                default ->
                                        throw new Cells.Bad(
                                                "unknown "
                                                        + REFUND_STATE
                                                        + " "
                                                        + Cells.quote(refundState));
                            };
                    if (notice == null) {
                        outcome =
                                Adapted.Events.of(
                                        new ProviderEvent(
                                                Cells.eventId("wxb", txn, "REFUNDED", outRefundNo),
                                                time,
                                                Provider.WECHAT,
                                                merchant,
                                                outTradeNo,
                                                txn,
                                                ProviderSource.STATEMENT,
                                                ProviderStatus.REFUNDED,
                                                total,
                                                currency,
                                                null,
                                                applied,
                                                outRefundNo,
                                                payerRef,
                                                device));
                    } else {
                        outcome =
                                new Adapted.Notice(
                                        notice,
                                        Provider.WECHAT,
                                        merchant,
                                        outTradeNo,
                                        time,
                                        outRefundNo,
                                        applied,
                                        currency,
                                        "trade bill refund row with 退款状态 "
                                                + refundState
                                                + ": the refund was accepted but the money is"
                                                + " not back (yet); not counted as returned");
                    }
                }
                default -> {
                    String id =
                            txn != null
                                    ? Cells.eventId("wxb", txn, "REVERSED")
                                    : Cells.eventId("wxb", merchant, outTradeNo, "REVERSED");
                    outcome =
                            Adapted.Events.of(
                                    new ProviderEvent(
                                            id,
                                            time,
                                            Provider.WECHAT,
                                            merchant,
                                            outTradeNo,
                                            txn,
                                            ProviderSource.STATEMENT,
                                            ProviderStatus.REVERSED,
                                            total,
                                            currency,
                                            null,
                                            null,
                                            null,
                                            payerRef,
                                            device));
                }
            }
            if (!state.equals("SUCCESS") && !state.equals("REFUND")) {
                totalsCheckable = false;
            }
            sums.merge(SETTLE, settle, Long::sum);
            sums.merge(REFUND, refund, Long::sum);
            sums.merge(RECHARGE_REFUND, recharge, Long::sum);
            sums.merge(TOTAL, total, Long::sum);
            sums.merge(APPLIED_REFUND, applied, Long::sum);
            return outcome;
        }

        /**
         * The row with its payer cell replaced by {@code ***}. When the row has more or fewer
         * fields than the header, the payer may have moved by up to that difference, so every field
         * within that distance of the payer column is masked too.
         */
        private String masked(String text) {
            boolean ticked = text.startsWith("`");
            String body = ticked ? text.substring(1) : text;
            String sep = ticked ? SEP : ",";
            String[] cells = body.split(sep, -1);
            Cells.maskPayer(cells, payerIndex, Math.abs(cells.length - width), MASK);
            return (ticked ? "`" : "") + String.join(sep, cells);
        }

        private void summary(RawLine line, String text, List<String> names) {
            if (text == null) {
                problem(
                        line.number(),
                        line.oversize()
                                ? "summary row longer than "
                                        + StatementLines.MAX_LINE_BYTES
                                        + " bytes"
                                : "summary row is not valid UTF-8 text",
                        "");
                return;
            }
            List<String> values = names(text);
            if (values.size() != names.size()) {
                problem(
                        line.number(),
                        "bad summary: "
                                + values.size()
                                + " values for "
                                + names.size()
                                + " summary columns",
                        masked(text));
                return;
            }
            Map<String, BigDecimal> summary = new HashMap<>();
            for (int k = 0; k < names.size(); k++) {
                String v = values.get(k);
                if (!v.matches("-?[0-9]{1,15}(\\.[0-9]{1,8})?")) {
                    problem(
                            line.number(),
                            "bad summary: " + names.get(k) + " is not a number: " + Cells.quote(v),
                            masked(text));
                    return;
                }
                summary.put(names.get(k), new BigDecimal(v));
            }
            BigDecimal count = summary.get(COUNT);
            if (count.signum() < 0 || count.stripTrailingZeros().scale() > 0) {
                problem(
                        line.number(),
                        "bad summary: " + COUNT + " is not a whole number: " + count,
                        text);
                return;
            }
            if (count.compareTo(BigDecimal.valueOf(rows.size())) != 0) {
                problem(
                        line.number(),
                        "summary mismatch: "
                                + COUNT
                                + " says "
                                + count.stripTrailingZeros().toPlainString()
                                + ", the file has "
                                + rows.size()
                                + " data rows (rows lost or added?)",
                        text);
            }
            if (!totalsCheckable) {
                return;
            }
            for (Map.Entry<String, String> t : TOTALS.entrySet()) {
                BigDecimal stated = summary.get(t.getKey());
                if (stated == null || !columns.containsKey(t.getValue())) {
                    continue;
                }
                long sum = sums.getOrDefault(t.getValue(), 0L);
                if (stated.compareTo(BigDecimal.valueOf(sum, 2)) != 0) {
                    problem(
                            line.number(),
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
}
