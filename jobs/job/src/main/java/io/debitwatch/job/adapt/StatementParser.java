package io.debitwatch.job.adapt;

import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.Reasons;
import io.debitwatch.providers.statement.AlipayStatement;
import io.debitwatch.providers.statement.StatementResult;
import io.debitwatch.providers.statement.WeChatTradeBill;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;

/**
 * Parses one whole statement file (it has a header and a summary: not line by line). The parsers
 * built here hold the payer-id secret's reference only ({@link PayerIdSecret}) and read the secret
 * when they parse, where they run.
 */
@FunctionalInterface
public interface StatementParser extends Serializable {

    StatementResult parse(InputStream in, String sourceName) throws IOException;

    /** WeChat Pay tradebill CSV, bill_type ALL. */
    static StatementParser wechatBill(PayerIdSecret payerIdSecret) {
        return (in, name) ->
                withPayerIds(
                        payerIdSecret,
                        Provider.WECHAT,
                        name,
                        payerIds -> WeChatTradeBill.parse(in, name, payerIds));
    }

    /**
     * Alipay business-detail CSV (GBK); the merchant id is taken from its {@code #账号} line unless
     * {@code merchantId} is given.
     */
    static StatementParser alipayStatement(PayerIdSecret payerIdSecret, String merchantId) {
        return (in, name) ->
                withPayerIds(
                        payerIdSecret,
                        Provider.ALIPAY,
                        name,
                        payerIds ->
                                merchantId == null
                                        ? AlipayStatement.parse(in, name, payerIds)
                                        : AlipayStatement.parse(in, name, payerIds, merchantId));
    }

    /** A parse under the hashing of payer ids. */
    @FunctionalInterface
    interface WithPayerIds {
        StatementResult parse(PayerIds payerIds) throws IOException;
    }

    /**
     * {@code parse} under the secret {@code payerIdSecret} refers to, read now; when it cannot be
     * read, the file is not parsed (its rows would go out without the payer refs the options ask
     * for) and becomes one dead letter naming the secret's file or variable and the problem.
     */
    private static StatementResult withPayerIds(
            PayerIdSecret payerIdSecret, Provider provider, String name, WithPayerIds parse)
            throws IOException {
        PayerIds payerIds;
        try {
            payerIds = ProviderKeys.payerIds(payerIdSecret);
        } catch (IllegalArgumentException e) {
            String reason = Reasons.oneLine("keys unavailable: " + e.getMessage());
            return new StatementResult(
                    name, provider, List.of(), List.of(new StatementResult.Problem(0, reason, "")));
        }
        return parse.parse(payerIds);
    }
}
