package io.debitwatch.providers.statement;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a statement's own summary (WeChat Pay) or footer (Alipay) states about the whole file, in
 * minor units (fen), as written there; a value the file does not state is null. The reader checks
 * these against the rows (a disagreement is a file-level problem); the reconciliation report shows
 * them as the provider's word.
 *
 * @param rows data rows: WeChat 总交易单数 (refund rows included), Alipay 交易 plus 退款 笔数
 * @param debits payment rows: Alipay 交易合计 笔数; not stated by WeChat
 * @param refunds refund rows: Alipay 退款合计 笔数; not stated by WeChat
 * @param debitMinor WeChat 订单总金额; Alipay 交易合计 商家实收 (what the merchant received, after its own
 *     discounts)
 * @param refundMinor WeChat 申请退款总金额; Alipay 退款合计 商家实收退款, as a positive amount
 * @param feeMinor WeChat 手续费总金额 rounded half-up to the fen (the bill gives five decimals); not
 *     stated by Alipay's footer
 */
public record StatementTotals(
        Long rows, Long debits, Long refunds, Long debitMinor, Long refundMinor, Long feeMinor) {

    /** Yuan as written in a file to fen, exactly when it has at most two decimals. */
    static Long fen(BigDecimal yuan) {
        return yuan == null
                ? null
                : yuan.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
