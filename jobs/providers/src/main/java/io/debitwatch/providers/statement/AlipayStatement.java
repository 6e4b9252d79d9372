package io.debitwatch.providers.statement;

import io.debitwatch.providers.PayerIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.List;
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

    private static final Pattern PID_ACCOUNT = Pattern.compile("(2088[0-9]{12})0156");

    static final DateTimeFormatter CN_DATE = DateTimeFormatter.ofPattern("uuuu年MM月dd日 HH:mm:ss");

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
            checkMerchantId(merchantId);
        }
        return new AlipayStatementReader(sourceName, payerIds, merchantId)
                .run(StatementLines.read(in));
    }

    /**
     * Checks a merchant id given for a statement's rows, as {@link #parse(InputStream, String,
     * PayerIds, String)} does, so that a caller can refuse it before reading anything.
     *
     * @throws IllegalArgumentException when it is blank, longer than 64 characters or holds a
     *     control character
     */
    public static void checkMerchantId(String merchantId) {
        try {
            Cells.id("merchant id override", merchantId, true);
        } catch (Cells.Bad e) {
            throw new IllegalArgumentException(e.getMessage());
        }
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
    static String key(String name) {
        String s = name.strip().replace("\t", "");
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1).strip();
        }
        return s.replace('(', '（').replace(')', '）');
    }
}
