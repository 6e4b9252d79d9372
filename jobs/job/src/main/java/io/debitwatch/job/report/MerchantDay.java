package io.debitwatch.job.report;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import io.debitwatch.providers.statement.StatementTotals;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reconciliation of one merchant's day at one provider, in one currency: what the bills state
 * about themselves, what their rows add up to, what debitwatch saw from every other provider input,
 * the differences, and the incidents (alerts) of the day.
 *
 * @param provider WECHAT or ALIPAY
 * @param merchantId the merchant (WeChat 特约商户号 or 商户号, Alipay seller)
 * @param day the day in China time (the bills' day) of the events
 * @param currency ISO 4217 code of every amount in the row
 * @param billFiles names of the statement files with rows of this merchant-day
 * @param billDeadLetters rejected rows and file-level problems of those files
 * @param stated what the summaries or footers of those files state, summed over the files whose
 *     rows are all of this merchant-day; null when no such file (one that spans several
 *     merchant-days states totals for none of them alone)
 * @param billDebits, billRefunds money events of the bills' rows (each debit and refund once)
 * @param seenDebits, seenRefunds money events of the other provider inputs (notifications,
 *     normalised provider events), each once
 * @param incidents alerts by type: how many and their amounts
 */
public record MerchantDay(
        Provider provider,
        String merchantId,
        LocalDate day,
        String currency,
        List<String> billFiles,
        long billDeadLetters,
        StatementTotals stated,
        Tally billDebits,
        Tally billRefunds,
        Tally seenDebits,
        Tally seenRefunds,
        Map<AlertType, Tally> incidents) {

    public MerchantDay {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(currency, "currency");
        billFiles = List.copyOf(billFiles);
        incidents = Map.copyOf(incidents);
    }

    /** Debits the bills list that debitwatch did not see elsewhere (negative: the other way). */
    public Tally debitDifference() {
        return billDebits.minus(seenDebits);
    }

    /** Refunds the bills list that debitwatch did not see elsewhere (negative: the other way). */
    public Tally refundDifference() {
        return billRefunds.minus(seenRefunds);
    }

    /** The incidents of {@code type}, or {@link Tally#ZERO}. */
    public Tally incidents(AlertType type) {
        return incidents.getOrDefault(type, Tally.ZERO);
    }
}
