package io.debitwatch.job.adapt;

import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.statement.AlipayStatement;
import io.debitwatch.providers.statement.StatementResult;
import io.debitwatch.providers.statement.WeChatTradeBill;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/** Parses one whole statement file (it has a header and a summary: not line by line). */
@FunctionalInterface
public interface StatementParser extends Serializable {

    StatementResult parse(InputStream in, String sourceName) throws IOException;

    /** WeChat Pay tradebill CSV, bill_type ALL. */
    static StatementParser wechatBill(PayerIds payerIds) {
        return (in, name) -> WeChatTradeBill.parse(in, name, payerIds);
    }

    /**
     * Alipay business-detail CSV (GBK); the merchant id is taken from its {@code #账号} line unless
     * {@code merchantId} is given.
     */
    static StatementParser alipayStatement(PayerIds payerIds, String merchantId) {
        return merchantId == null
                ? (in, name) -> AlipayStatement.parse(in, name, payerIds)
                : (in, name) -> AlipayStatement.parse(in, name, payerIds, merchantId);
    }
}
