package io.debitwatch.job.report;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.statement.StatementTotals;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Collects one {@link MerchantDay} while {@link Reconciliation} reads the inputs. */
final class MerchantDayBuilder {

    private final Reconciliation.Key key;
    private final List<String> files = new ArrayList<>();
    private long deadLetters;
    private StatementTotals stated;
    private Tally billDebits = Tally.ZERO;
    private Tally billRefunds = Tally.ZERO;
    private Tally seenDebits = Tally.ZERO;
    private Tally seenRefunds = Tally.ZERO;
    private final Map<AlertType, Tally> incidents = new EnumMap<>(AlertType.class);

    MerchantDayBuilder(Reconciliation.Key key) {
        this.key = key;
    }

    /** A statement file with rows of this merchant-day; {@code totals} when only of it. */
    void file(String name, long fileDeadLetters, StatementTotals totals) {
        if (!files.contains(name)) {
            files.add(name);
            deadLetters += fileDeadLetters;
        }
        if (totals != null) {
            stated = stated == null ? totals : sum(stated, totals);
        }
    }

    void bill(ProviderEvent e) {
        if (e.status() == ProviderStatus.DEBITED) {
            billDebits = billDebits.plus(e.amountMinor());
        } else {
            billRefunds = billRefunds.plus(e.refundAmountMinor());
        }
    }

    void seen(ProviderEvent e) {
        if (e.status() == ProviderStatus.DEBITED) {
            seenDebits = seenDebits.plus(e.amountMinor());
        } else {
            seenRefunds = seenRefunds.plus(e.refundAmountMinor());
        }
    }

    void incident(Alert a) {
        incidents.merge(
                a.type(),
                Tally.ZERO.plus(a.amountMinor() == null ? 0 : a.amountMinor()),
                (x, y) -> new Tally(x.count() + y.count(), x.minor() + y.minor()));
    }

    MerchantDay build() {
        return new MerchantDay(
                key.provider(),
                key.merchantId(),
                key.day(),
                key.currency(),
                files,
                deadLetters,
                stated,
                billDebits,
                billRefunds,
                seenDebits,
                seenRefunds,
                incidents);
    }

    private static StatementTotals sum(StatementTotals a, StatementTotals b) {
        return new StatementTotals(
                add(a.rows(), b.rows()),
                add(a.debits(), b.debits()),
                add(a.refunds(), b.refunds()),
                add(a.debitMinor(), b.debitMinor()),
                add(a.refundMinor(), b.refundMinor()),
                add(a.feeMinor(), b.feeMinor()));
    }

    private static Long add(Long a, Long b) {
        return a == null || b == null ? null : Long.valueOf(a + b); // partly unstated: unknown
    }
}
