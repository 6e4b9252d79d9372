package io.debitwatch.core.detect;

import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the events of one order, told in event-time order of writing (not necessarily of
 * time). Times are epoch millis made with {@link #at(long)}, an offset from {@link #BASE}; when the
 * story's first event is {@code at(0)}, the settle deadline is {@link #D} and the horizon {@link
 * #H}.
 *
 * <pre>{@code
 * List<Fact> facts = Story.wechat().request(at(0)).failed(at(10_000)).debited(at(20_000)).facts();
 * }</pre>
 */
final class Story {

    /** The base instant: offsets passed to {@link #at(long)} count from it. */
    static final Instant BASE = Instant.parse("2026-11-25T02:00:00Z");

    /** The default settle window (SPEC §4): 60 s. */
    static final long SETTLE_MS = Duration.ofSeconds(60).toMillis();

    /** The default callback horizon (SPEC §4): 25 h. */
    static final long CALLBACK_HORIZON_MS = Duration.ofHours(25).toMillis();

    /** T0 of a story that starts at {@code at(0)}. */
    static final long T0 = BASE.toEpochMilli();

    /** The settle deadline of a story that starts at {@code at(0)} (default settle window). */
    static final long D = T0 + SETTLE_MS;

    /** The horizon of a story that starts at {@code at(0)} (default windows). */
    static final long H = D + CALLBACK_HORIZON_MS;

    static final long ONE_HOUR = Duration.ofHours(1).toMillis();

    /** The order amount every event carries unless told otherwise: 12.34 CNY. */
    static final long AMOUNT = 1234;

    static final String CNY = "CNY";

    static final String TXN = "4200001234202611250000000001";

    static final String PAYER_REF = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    private final Provider provider;
    private final String merchantId;
    private final String outTradeNo;
    private final List<TerminalEvent> terminal = new ArrayList<>();
    private final List<ProviderEvent> providerEvents = new ArrayList<>();
    private final List<Fact> facts = new ArrayList<>();
    private int seq;

    private Story(Provider provider, String merchantId, String outTradeNo) {
        this.provider = provider;
        this.merchantId = merchantId;
        this.outTradeNo = outTradeNo;
    }

    static Story of(Provider provider) {
        return new Story(provider, "1900000109", "o-20261125-0001");
    }

    static Story wechat() {
        return of(Provider.WECHAT);
    }

    static Story alipay() {
        return of(Provider.ALIPAY);
    }

    /** Epoch millis of {@link #BASE} plus {@code offsetMillis}. */
    static long at(long offsetMillis) {
        return T0 + offsetMillis;
    }

    Provider provider() {
        return provider;
    }

    OrderKey key() {
        return new OrderKey(provider, merchantId, outTradeNo);
    }

    /** The facts of every event told so far, in the order they were told. */
    List<Fact> facts() {
        return List.copyOf(facts);
    }

    /** The fact of the event told last. */
    Fact last() {
        return facts.get(facts.size() - 1);
    }

    List<TerminalEvent> terminalEvents() {
        return List.copyOf(terminal);
    }

    List<ProviderEvent> providerEvents() {
        return List.copyOf(providerEvents);
    }

    // ---- terminal side -------------------------------------------------------------------

    /** PAY_REQUEST: the terminal started a payment of 12.34 CNY. */
    Story request(long t) {
        return terminal(t, TerminalEventType.PAY_REQUEST, null, AMOUNT, CNY);
    }

    Story success(long t) {
        return payResult(t, TerminalResult.SUCCESS);
    }

    Story failed(long t) {
        return payResult(t, TerminalResult.FAILED);
    }

    Story timeout(long t) {
        return payResult(t, TerminalResult.TIMEOUT);
    }

    Story userPaying(long t) {
        return payResult(t, TerminalResult.USERPAYING);
    }

    Story payResult(long t, TerminalResult result) {
        return terminal(t, TerminalEventType.PAY_RESULT, result, AMOUNT, CNY);
    }

    Story queryResult(long t, TerminalResult result) {
        return terminal(t, TerminalEventType.QUERY_RESULT, result, AMOUNT, CNY);
    }

    /** A terminal REVERSAL_RESULT SUCCESS: the order was cancelled. */
    Story reversalSucceeded(long t) {
        return terminal(t, TerminalEventType.REVERSAL_RESULT, TerminalResult.SUCCESS, null, null);
    }

    Story reversalFailed(long t) {
        return terminal(t, TerminalEventType.REVERSAL_RESULT, TerminalResult.FAILED, null, null);
    }

    Story terminal(
            long t, TerminalEventType type, TerminalResult result, Long amount, String currency) {
        TerminalEvent e =
                new TerminalEvent(
                        nextId("t"),
                        Instant.ofEpochMilli(t),
                        provider,
                        merchantId,
                        "pos-7",
                        outTradeNo,
                        type,
                        result,
                        amount,
                        currency,
                        result == TerminalResult.FAILED ? "SYSTEMERROR" : null,
                        "store-1",
                        "5.2.1");
        terminal.add(e);
        facts.add(Fact.of(e));
        return this;
    }

    // ---- provider side -------------------------------------------------------------------

    /** DEBITED: 12.34 CNY taken under {@link #TXN}. Told twice, it is a re-delivery. */
    Story debited(long t) {
        return debited(t, AMOUNT, CNY);
    }

    Story debited(long t, long amount, String currency) {
        return provider(
                t,
                ProviderSource.NOTIFY,
                ProviderStatus.DEBITED,
                TXN,
                amount,
                currency,
                null,
                null,
                null);
    }

    /** A DEBITED whose payer paid less than the order amount (a coupon was used). */
    Story debitedWithCoupon(long t, long payerAmount) {
        return provider(
                t,
                ProviderSource.NOTIFY,
                ProviderStatus.DEBITED,
                TXN,
                AMOUNT,
                CNY,
                payerAmount,
                null,
                null);
    }

    Story notPaid(long t) {
        return closing(t, ProviderStatus.NOT_PAID);
    }

    Story closed(long t) {
        return closing(t, ProviderStatus.CLOSED);
    }

    /** A provider REVERSED: any money taken is returned in full. */
    Story reversed(long t) {
        return closing(t, ProviderStatus.REVERSED);
    }

    Story closing(long t, ProviderStatus status) {
        return provider(t, ProviderSource.QUERY, status, null, AMOUNT, CNY, null, null, null);
    }

    Story refunded(long t, String outRefundNo, long refundAmount) {
        return provider(
                t,
                ProviderSource.NOTIFY,
                ProviderStatus.REFUNDED,
                TXN,
                AMOUNT,
                CNY,
                null,
                refundAmount,
                outRefundNo);
    }

    /** A DEBITED under another transaction id and amount: a second, distinct debit. */
    Story debitedTxn(long t, String txnId, long amount) {
        return provider(
                t,
                ProviderSource.NOTIFY,
                ProviderStatus.DEBITED,
                txnId,
                amount,
                CNY,
                null,
                null,
                null);
    }

    /** A REFUNDED that gives only the total refunded so far (Alipay's cumulative refund_fee). */
    Story refundedTotal(long t, String outRefundNo, long total) {
        return provider(
                t,
                ProviderSource.NOTIFY,
                ProviderStatus.REFUNDED,
                TXN,
                AMOUNT,
                CNY,
                null,
                null,
                outRefundNo,
                total);
    }

    Story provider(
            long t,
            ProviderSource source,
            ProviderStatus status,
            String txnId,
            long amount,
            String currency,
            Long payerAmount,
            Long refundAmount,
            String outRefundNo) {
        return provider(
                t,
                source,
                status,
                txnId,
                amount,
                currency,
                payerAmount,
                refundAmount,
                outRefundNo,
                null);
    }

    Story provider(
            long t,
            ProviderSource source,
            ProviderStatus status,
            String txnId,
            long amount,
            String currency,
            Long payerAmount,
            Long refundAmount,
            String outRefundNo,
            Long refundTotal) {
        ProviderEvent e =
                new ProviderEvent(
                        nextId("p"),
                        Instant.ofEpochMilli(t),
                        provider,
                        merchantId,
                        outTradeNo,
                        txnId,
                        source,
                        status,
                        amount,
                        currency,
                        payerAmount,
                        refundAmount,
                        outRefundNo,
                        PAYER_REF,
                        "dev-1",
                        refundTotal);
        providerEvents.add(e);
        facts.add(Fact.of(e));
        return this;
    }

    private String nextId(String stream) {
        return String.format("%s-%03d", stream, ++seq);
    }
}
