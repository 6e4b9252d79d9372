package io.debitwatch.providers.statement;

import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * WeChat Pay trade bill (交易账单, {@code GET /v3/bill/tradebill}, {@code bill_type=ALL} or {@code
 * REFUND}) to provider events with source STATEMENT, and back (for tests and tooling).
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
 *   <li>The same page (交易账单详细说明, "账单类型"): the REFUND bill lists the refunds of the day with the
 *       header of the ALL bill plus 退款申请时间 and 退款成功时间 after 代金券金额 ({@link #REFUND_HEADER}) and the
 *       same summary; 交易时间 is "the payment's success time or when the refund was initiated (not
 *       when the refund succeeded)". A public SDK's test fixture of a REFUND bill (RefundTradeBill,
 *       2021) shows 交易时间 as the original payment's time, days before its 退款申请时间 and 退款成功时间: only
 *       退款成功时间 says when the money came back.
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
 *   <li>Which bill a file is comes from its header: one with 退款成功时间 is a REFUND bill, and there a
 *       successful refund's {@code event_time} = 退款成功时间 (when the money came back; an empty one
 *       rejects the row). In an ALL bill it is 交易时间, when the refund was accepted, which is all
 *       that bill tells.
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

    /** The detail header of a REFUND bill: the ALL header with the refund's two times. */
    public static final List<String> REFUND_HEADER =
            List.of(
                    "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型",
                    "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "退款申请时间", "退款成功时间", "微信退款单号",
                    "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率",
                    "订单金额", "申请退款金额", "费率备注");

    /** Which trade bill a file is: its {@code bill_type}, as its header shows it. */
    public enum BillType {
        /** Payments and refunds; a refund row is dated when the refund was accepted. */
        ALL,
        /** Refunds only; a refund is dated by 退款成功时间, when the money came back. */
        REFUND
    }

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
    static final String COUNT = "总交易单数";
    static final String REFUND_APPLIED_TIME = "退款申请时间";
    static final String REFUND_SUCCESS_TIME = "退款成功时间";

    /** A trade bill is UTF-8 text (with or without BOM). */
    static final Charset UTF8 = StandardCharsets.UTF_8;

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

    static final String SEP = ",`";

    private WeChatTradeBill() {}

    /**
     * Reads a trade bill, ALL or REFUND as its header shows (UTF-8, with or without BOM, LF or
     * CRLF). Never throws on bad content: bad rows are rejected rows, file-level trouble is in
     * {@link StatementResult#problems()}.
     *
     * @param in the bill's bytes (not closed here)
     * @param sourceName the file name, for dead letters
     * @param payerIds how payer identifiers are hashed (or dropped)
     * @throws IOException only when {@code in} cannot be read
     */
    public static StatementResult parse(InputStream in, String sourceName, PayerIds payerIds)
            throws IOException {
        Objects.requireNonNull(payerIds, "payerIds");
        return new WeChatBillReader(sourceName, payerIds).run(StatementLines.read(in));
    }
}
