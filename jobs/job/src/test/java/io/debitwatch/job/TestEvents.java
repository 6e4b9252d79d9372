package io.debitwatch.job;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds events of one order at times relative to {@link #T0}. Time constants live here. */
final class TestEvents {

    static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");
    static final long SETTLE = 60_000;
    static final long HORIZON = 25 * 3_600_000L;
    static final long D = T0.toEpochMilli() + SETTLE;
    static final long H = D + HORIZON;

    static final String MERCHANT = "1900000109";

    private static final AtomicLong IDS = new AtomicLong();

    private TestEvents() {}

    static long at(long offsetMillis) {
        return T0.toEpochMilli() + offsetMillis;
    }

    static TerminalEvent terminal(
            String order, long offsetMillis, TerminalEventType type, TerminalResult result) {
        return new TerminalEvent(
                "te-" + IDS.incrementAndGet(),
                Instant.ofEpochMilli(at(offsetMillis)),
                Provider.WECHAT,
                MERCHANT,
                "POS-1",
                order,
                type,
                result,
                type == TerminalEventType.REVERSAL_RESULT ? null : 1000L,
                type == TerminalEventType.REVERSAL_RESULT ? null : "CNY",
                null,
                null,
                null);
    }

    static TerminalEvent payResult(String order, long offsetMillis, TerminalResult result) {
        return terminal(order, offsetMillis, TerminalEventType.PAY_RESULT, result);
    }

    static ProviderEvent provider(String order, long offsetMillis, ProviderStatus status) {
        boolean refund = status == ProviderStatus.REFUNDED;
        return new ProviderEvent(
                "pe-" + IDS.incrementAndGet(),
                Instant.ofEpochMilli(at(offsetMillis)),
                Provider.WECHAT,
                MERCHANT,
                order,
                "4200000000" + order,
                ProviderSource.NOTIFY,
                status,
                1000L,
                "CNY",
                null,
                refund ? 1000L : null,
                refund ? "RF-" + order : null,
                null,
                null);
    }

    static ProviderEvent debit(String order, long offsetMillis) {
        return provider(order, offsetMillis, ProviderStatus.DEBITED);
    }
}
