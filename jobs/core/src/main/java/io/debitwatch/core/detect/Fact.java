package io.debitwatch.core.detect;

import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.TerminalEvent;
import java.time.Instant;

/**
 * The compact form of one event that the detector keeps per order: only what the rules and the
 * evidence need. The order key is not repeated (it is the state's key). Absent numbers are -1.
 *
 * @param eventId the input event's id
 * @param time event time in epoch milliseconds
 * @param kind what happened, in the detector's terms
 * @param origin the terminal event type or the provider source
 * @param amountMinor order amount, or -1 when the event carries none
 * @param currency ISO-4217 code, or null with {@code amountMinor == -1}
 * @param txnId the provider's transaction id, or null
 * @param refundNo out_refund_no of a refund, or null
 * @param refundMinor refunded amount of a refund, or -1
 * @param refundTotal the total refunded on the order so far, as a refund reports it, or -1
 */
public record Fact(
        String eventId,
        long time,
        Kind kind,
        Origin origin,
        long amountMinor,
        String currency,
        String txnId,
        String refundNo,
        long refundMinor,
        long refundTotal) {

    /** A fact without a cumulative refund total. */
    public Fact(
            String eventId,
            long time,
            Kind kind,
            Origin origin,
            long amountMinor,
            String currency,
            String txnId,
            String refundNo,
            long refundMinor) {
        this(eventId, time, kind, origin, amountMinor, currency, txnId, refundNo, refundMinor, -1);
    }

    /** Which stream an event kind comes from. */
    private enum Side {
        TERMINAL,
        PROVIDER
    }

    /** What an event means for detection. */
    public enum Kind {
        T_PAY_REQUEST(Side.TERMINAL, 0),
        T_USERPAYING(Side.TERMINAL, 1),
        T_UNKNOWN(Side.TERMINAL, 1),
        T_TIMEOUT(Side.TERMINAL, 2),
        T_FAILED(Side.TERMINAL, 3),
        T_SUCCESS(Side.TERMINAL, 4),
        T_REVERSAL_SUCCESS(Side.TERMINAL, 5),
        T_REVERSAL_FAILED(Side.TERMINAL, 0),
        P_DEBITED(Side.PROVIDER, 0),
        P_NOT_PAID(Side.PROVIDER, 0),
        P_CLOSED(Side.PROVIDER, 0),
        P_REVERSED(Side.PROVIDER, 0),
        P_REFUNDED(Side.PROVIDER, 0);

        /** Tie-break rank among terminal results at equal times; 0 for events without one. */
        final int rank;

        private final boolean terminal;

        Kind(Side side, int rank) {
            this.rank = rank;
            this.terminal = side == Side.TERMINAL;
        }

        public boolean isTerminal() {
            return terminal;
        }

        public boolean isProvider() {
            return !isTerminal();
        }

        /**
         * A terminal result that does not settle the order (USERPAYING, UNKNOWN, TIMEOUT) or a pay
         * request: the only facts a bound on an order's facts may compact or drop (SPEC §4a.3).
         */
        public boolean isNonFinal() {
            return this == T_PAY_REQUEST
                    || this == T_USERPAYING
                    || this == T_UNKNOWN
                    || this == T_TIMEOUT;
        }

        /** The verdict a terminal event gives, or null when it gives none. */
        Verdict verdict() {
            return switch (this) {
                case T_USERPAYING, T_UNKNOWN -> Verdict.PENDING;
                case T_TIMEOUT -> Verdict.TIMEOUT;
                case T_FAILED -> Verdict.FAILED;
                case T_SUCCESS -> Verdict.SUCCESS;
                case T_REVERSAL_SUCCESS -> Verdict.REVERSED;
                default -> null;
            };
        }
    }

    /** The terminal event type or provider source the fact came from. */
    public enum Origin {
        PAY_REQUEST,
        PAY_RESULT,
        QUERY_RESULT,
        REVERSAL_RESULT,
        NOTIFY,
        QUERY,
        REVERSE,
        STATEMENT
    }

    public static Fact of(TerminalEvent e) {
        Kind kind =
                switch (e.type()) {
                    case PAY_REQUEST -> Kind.T_PAY_REQUEST;
                    case REVERSAL_RESULT ->
                            e.result() == io.debitwatch.core.model.TerminalResult.SUCCESS
                                    ? Kind.T_REVERSAL_SUCCESS
                                    : Kind.T_REVERSAL_FAILED;
                    case PAY_RESULT, QUERY_RESULT ->
                            switch (e.result()) {
                                case SUCCESS -> Kind.T_SUCCESS;
                                case FAILED -> Kind.T_FAILED;
                                case TIMEOUT -> Kind.T_TIMEOUT;
                                case USERPAYING -> Kind.T_USERPAYING;
                                case UNKNOWN -> Kind.T_UNKNOWN;
                            };
                };
        return new Fact(
                e.eventId(),
                e.eventTime().toEpochMilli(),
                kind,
                Origin.valueOf(e.type().name()),
                e.amountMinor() == null ? -1 : e.amountMinor(),
                e.amountMinor() == null ? null : e.currency(),
                null,
                null,
                -1);
    }

    public static Fact of(ProviderEvent e) {
        Kind kind =
                switch (e.status()) {
                    case DEBITED -> Kind.P_DEBITED;
                    case NOT_PAID -> Kind.P_NOT_PAID;
                    case CLOSED -> Kind.P_CLOSED;
                    case REVERSED -> Kind.P_REVERSED;
                    case REFUNDED -> Kind.P_REFUNDED;
                };
        return new Fact(
                e.eventId(),
                e.eventTime().toEpochMilli(),
                kind,
                Origin.valueOf(e.source().name()),
                e.amountMinor(),
                e.currency(),
                e.providerTxnId(),
                e.outRefundNo(),
                e.refundAmountMinor() == null ? -1 : e.refundAmountMinor(),
                e.refundTotalMinor() == null ? -1 : e.refundTotalMinor());
    }

    public boolean hasAmount() {
        return amountMinor >= 0;
    }

    /** The fact as alert evidence. The result is the terminal result or the provider status. */
    public Evidence toEvidence() {
        String result =
                switch (kind) {
                    case T_PAY_REQUEST -> null;
                    case T_USERPAYING -> "USERPAYING";
                    case T_UNKNOWN -> "UNKNOWN";
                    case T_TIMEOUT -> "TIMEOUT";
                    case T_FAILED -> "FAILED";
                    case T_SUCCESS, T_REVERSAL_SUCCESS -> "SUCCESS";
                    case T_REVERSAL_FAILED -> "FAILED";
                    default -> kind.name().substring(2);
                };
        return new Evidence(
                eventId,
                kind.isTerminal() ? Evidence.Stream.TERMINAL : Evidence.Stream.PROVIDER,
                origin.name(),
                result,
                Instant.ofEpochMilli(time),
                hasAmount() ? amountMinor : null,
                hasAmount() ? currency : null,
                txnId,
                refundNo,
                refundMinor >= 0 ? refundMinor : null,
                refundTotal >= 0 ? refundTotal : null);
    }
}
