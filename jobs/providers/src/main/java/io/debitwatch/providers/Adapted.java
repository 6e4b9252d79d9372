package io.debitwatch.providers;

import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one raw provider record (a notification as the acquirer's endpoint received it, or a row of
 * a statement file) became.
 *
 * <ul>
 *   <li>{@link Events}: authentic, and one or more normalised provider events follow from it.
 *   <li>{@link Notice}: authentic, but not a money event (WeChat REFUND.ABNORMAL / REFUND.CLOSED,
 *       Alipay TRADE_FINISHED long after payment): kept for operators, never fed to detection.
 *   <li>{@link Rejected}: not usable (bad signature, unknown key, stale timestamp, probe, bad
 *       ciphertext, unknown type, bad amount, malformed row); becomes a dead letter with {@code
 *       reason}. The reason never contains key material or payer identifiers.
 * </ul>
 */
public sealed interface Adapted permits Adapted.Events, Adapted.Notice, Adapted.Rejected {

    /** Authentic money-relevant record. */
    record Events(List<ProviderEvent> events) implements Adapted {
        public Events {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("Events needs at least one event");
            }
        }

        public static Events of(ProviderEvent event) {
            return new Events(List.of(event));
        }
    }

    /**
     * Authentic record with no money effect. {@code kind} is a stable upper-case code such as
     * {@code REFUND_ABNORMAL}; {@code detail} a short English explanation for operators.
     */
    record Notice(
            String kind,
            Provider provider,
            String merchantId,
            String outTradeNo,
            Instant eventTime,
            String outRefundNo,
            Long amountMinor,
            String currency,
            String detail)
            implements Adapted {
        public Notice {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(provider, "provider");
        }
    }

    /** Unusable record; {@code reason} is one line, safe to log and to write to dead letters. */
    record Rejected(String reason) implements Adapted {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Rejected reject(String reason) {
        return new Rejected(reason);
    }
}
