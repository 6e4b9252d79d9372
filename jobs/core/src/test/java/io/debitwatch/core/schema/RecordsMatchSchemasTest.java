package io.debitwatch.core.schema;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;
import static io.debitwatch.core.model.ProviderSource.QUERY;
import static io.debitwatch.core.model.ProviderSource.REVERSE;
import static io.debitwatch.core.model.ProviderSource.STATEMENT;
import static io.debitwatch.core.model.ProviderStatus.CLOSED;
import static io.debitwatch.core.model.ProviderStatus.DEBITED;
import static io.debitwatch.core.model.ProviderStatus.REFUNDED;
import static io.debitwatch.core.model.TerminalEventType.PAY_REQUEST;
import static io.debitwatch.core.model.TerminalEventType.PAY_RESULT;
import static io.debitwatch.core.model.TerminalEventType.QUERY_RESULT;
import static io.debitwatch.core.model.TerminalEventType.REVERSAL_RESULT;
import static io.debitwatch.core.model.TerminalResult.FAILED;
import static io.debitwatch.core.model.TerminalResult.SUCCESS;
import static io.debitwatch.core.model.TerminalResult.TIMEOUT;
import static io.debitwatch.core.model.TerminalResult.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Ids;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.core.schema.Schemas.Kind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Records built in the test with their constructors, and everything the detector emits for a set of
 * orders covering every finding, serialise to JSON that their schemas accept; records that break
 * the contract do not.
 */
class RecordsMatchSchemasTest {

    private static final Instant T0 = OffsetDateTime.parse("2026-11-25T10:05:12+08:00").toInstant();
    private static final OrderKey WX =
            new OrderKey(Provider.WECHAT, "1900012345", "DW20261125100512000187");
    private static final String WX_TXN = "4200002650202611251871234567";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @Test
    void alertBuiltWithItsConstructorValidates() {
        assertValid(Kind.ALERT, unmatchedDebit());
    }

    @Test
    void alertWithoutOptionalFieldsValidates() {
        Alert stuck =
                new Alert(
                        Ids.alertId(AlertType.STUCK_PAYMENT, WX),
                        AlertType.STUCK_PAYMENT,
                        Action.QUERY,
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        null,
                        null,
                        "PENDING",
                        T0.plusSeconds(60),
                        T0.plusSeconds(62),
                        null,
                        null,
                        null,
                        List.of(
                                new Evidence(
                                        "tev-01JD8K2M4Q7S1",
                                        Evidence.Stream.TERMINAL,
                                        "PAY_REQUEST",
                                        null,
                                        T0,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null)));
        String json = assertValid(Kind.ALERT, stuck);
        assertThat(json).doesNotContain("amount_minor", "resolution", "null");
    }

    @Test
    void resolvedAlertValidates() {
        Alert resolved =
                new Alert(
                        Ids.alertId(AlertType.ALERT_RESOLVED, WX),
                        AlertType.ALERT_RESOLVED,
                        Action.NONE,
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        3850L,
                        "CNY",
                        "TIMEOUT",
                        T0.plusSeconds(113),
                        T0.plusSeconds(115),
                        Outputs.MONEY_RETURNED,
                        Ids.alertId(AlertType.UNMATCHED_DEBIT, WX),
                        null,
                        List.of(
                                debitEvidence(),
                                new Evidence(
                                        "pev-wx-refund-b2c4e0",
                                        Evidence.Stream.PROVIDER,
                                        "NOTIFY",
                                        "REFUNDED",
                                        T0.plusSeconds(113),
                                        3850L,
                                        "CNY",
                                        WX_TXN,
                                        Ids.refundRequestId(WX, WX_TXN),
                                        3850L)));
        assertValid(Kind.ALERT, resolved);
    }

    @Test
    void refundRequestBuiltWithItsConstructorValidates() {
        RefundRequest refund =
                new RefundRequest(
                        Ids.refundRequestId(WX, WX_TXN),
                        Ids.alertId(AlertType.UNMATCHED_DEBIT, WX),
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        WX_TXN,
                        3850L,
                        "CNY",
                        "customer debited but terminal verdict was TIMEOUT");
        assertValid(Kind.REFUND_REQUEST, refund);
    }

    @Test
    void notificationsBuiltWithTheirConstructorValidate() {
        Notification ops =
                new Notification(
                        Ids.notificationId(Notification.Channel.OPS, "UNMATCHED_DEBIT", WX),
                        Notification.Channel.OPS,
                        "UNMATCHED_DEBIT",
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        Notification.Severity.CRITICAL,
                        Ids.alertId(AlertType.UNMATCHED_DEBIT, WX),
                        3850L,
                        "CNY",
                        T0.plusSeconds(60),
                        T0.plusSeconds(62),
                        new Notification.Text(
                                "[退款] 已扣款但终端未成功（掉单）：微信支付 商户 1900012345 订单"
                                        + " DW20261125100512000187 38.50元，终端结论 TIMEOUT",
                                "[REFUND] debit without a successful sale at the terminal: WeChat"
                                        + " Pay merchant 1900012345 order DW20261125100512000187"
                                        + " 38.50 CNY, terminal verdict TIMEOUT"));
        Notification earlyWarning =
                new Notification(
                        Ids.notificationId(Notification.Channel.MERCHANT, "EARLY_WARNING", WX),
                        Notification.Channel.MERCHANT,
                        "EARLY_WARNING",
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        Notification.Severity.CRITICAL,
                        null,
                        3850L,
                        "CNY",
                        T0.plusSeconds(30),
                        T0.plusMillis(30_140),
                        new Notification.Text(
                                "订单 DW20261125100512000187 实际已支付成功（微信支付38.50元），请勿让顾客重复付款。",
                                "Order DW20261125100512000187 was in fact paid (WeChat Pay 38.50"
                                        + " CNY). Do not charge the customer again."));
        assertValid(Kind.NOTIFICATION, ops);
        assertThat(assertValid(Kind.NOTIFICATION, earlyWarning)).doesNotContain("alert_id");
    }

    /** One OPS notification per kind of provider notice, with and without refund and amount. */
    @Test
    void providerNoticesValidate() {
        OrderKey ali = new OrderKey(Provider.ALIPAY, "2088101117955611", "6823789339978248");
        for (NoticeKind kind : NoticeKind.values()) {
            OrderKey key = kind == NoticeKind.TRADE_FINISHED ? ali : WX;
            String refundNo = kind == NoticeKind.TRADE_FINISHED ? null : "RF-" + WX.outTradeNo();
            String withAmount =
                    assertValid(
                            Kind.NOTIFICATION,
                            Outputs.providerNotice(
                                    kind,
                                    key,
                                    refundNo,
                                    500L,
                                    "CNY",
                                    T0.plusSeconds(3600),
                                    T0.plusSeconds(3601)));
            assertThat(withAmount).doesNotContain("alert_id");
            assertValid(
                    Kind.NOTIFICATION,
                    Outputs.providerNotice(kind, key, refundNo, null, null, T0, T0.plusMillis(12)));
        }
    }

    @Test
    void deadLettersValidate() {
        String raw =
                "{\"event_id\":\"pev-1\",\"status\":\"TRADE_FINISHED\","
                        + "\"payer_ref\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}";
        String fromFile =
                assertValid(
                        Kind.DEAD_LETTER,
                        DeadLetters.fromFile(
                                "provider-events.ndjson", 42, raw, "unknown status \"X\""));
        String fromKafka =
                assertValid(
                        Kind.DEAD_LETTER,
                        DeadLetters.fromKafka(
                                "debitwatch.provider-events", 3, 1_884_231L, raw, "bad"));
        assertValid(
                Kind.DEAD_LETTER,
                DeadLetters.fromFile("terminal-events.ndjson", 7, null, "empty record"));
        assertValid(
                Kind.DEAD_LETTER,
                new DeadLetter("wechatpay-notify", "bad signature", "{}", null, null, null, null));
        assertThat(fromFile).doesNotContain("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o");
        assertThat(fromKafka).contains("\"partition\":3").doesNotContain("\"line\"");
    }

    /** Input events written by the job's mapper (e.g. by a simulator) are valid inputs. */
    @Test
    void inputRecordsWrittenByTheMapperValidate() {
        assertValid(Kind.TERMINAL_EVENT, terminal(WX, 0, PAY_REQUEST, null, 3850L));
        assertValid(Kind.TERMINAL_EVENT, terminal(WX, 70, REVERSAL_RESULT, SUCCESS, null));
        assertValid(Kind.PROVIDER_EVENT, provider(WX, 19, NOTIFY, DEBITED, WX_TXN, 3850L));
        assertValid(Kind.PROVIDER_EVENT, refunded(WX, 90, WX_TXN, 3850L, 1000L, "RF-1"));
        assertValid(Kind.PROVIDER_EVENT, provider(WX, 90, REVERSE, CLOSED, null, 3850L));
    }

    /** The schemas are not vacuous: records that break the contract are rejected. */
    @Test
    void recordsThatBreakTheContractAreRejected() {
        Alert ud = unmatchedDebit();
        assertInvalid(Kind.ALERT, withVerdict(ud, null));
        assertInvalid(Kind.ALERT, withVerdict(ud, "SUCCESS"));
        assertInvalid(
                Kind.ALERT,
                new Alert(
                        Ids.alertId(AlertType.STUCK_PAYMENT, WX),
                        AlertType.STUCK_PAYMENT,
                        Action.REFUND,
                        ud.provider(),
                        ud.merchantId(),
                        ud.outTradeNo(),
                        ud.amountMinor(),
                        ud.currency(),
                        "PENDING",
                        ud.decidedAt(),
                        ud.emittedAt(),
                        null,
                        null,
                        null,
                        ud.evidence()));
        assertInvalid(
                Kind.REFUND_REQUEST,
                new RefundRequest(
                        Ids.refundRequestId(WX, WX_TXN),
                        ud.alertId(),
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        null,
                        0L,
                        "CNY",
                        "x"));
        assertInvalid(
                Kind.NOTIFICATION,
                new Notification(
                        Ids.notificationId(Notification.Channel.MERCHANT, "STUCK_PAYMENT", WX),
                        Notification.Channel.MERCHANT,
                        "STUCK_PAYMENT",
                        WX.provider(),
                        WX.merchantId(),
                        WX.outTradeNo(),
                        Notification.Severity.MEDIUM,
                        Ids.alertId(AlertType.STUCK_PAYMENT, WX),
                        null,
                        null,
                        T0,
                        T0,
                        new Notification.Text("请查询", "please query")));
        assertInvalid(
                Kind.DEAD_LETTER,
                new DeadLetter("terminal-events.ndjson", "bad", "{}", 3L, "t", 0, 0L));
    }

    /**
     * Runs the detector over orders that between them produce every finding, and validates every
     * alert, refund request and notification the job would emit for them.
     */
    @Test
    void everythingTheDetectorEmitsValidates() {
        List<Record> emitted = new ArrayList<>();
        Set<Finding> findings = EnumSet.noneOf(Finding.class);

        // Debited while the terminal timed out: early warning, refund, then the refund arrives.
        String refundNo = Ids.refundRequestId(WX, WX_TXN);
        emitted.addAll(
                run(
                        WX,
                        findings,
                        terminal(WX, 0, PAY_REQUEST, null, 3850L),
                        provider(WX, 19, NOTIFY, DEBITED, WX_TXN, 3850L),
                        terminal(WX, 30, PAY_RESULT, TIMEOUT, 3850L),
                        refunded(WX, 113, WX_TXN, 3850L, 3850L, refundNo)));
        // A statement debit without any terminal record: review.
        OrderKey ali = new OrderKey(Provider.ALIPAY, "2088102146225135", "20261125101533046512");
        String aliTxn = "2026112522001404520512345678";
        emitted.addAll(run(ali, findings, provider(ali, 0, STATEMENT, DEBITED, aliTxn, 2600L)));
        // The debited amount differs from the terminal amount.
        OrderKey mismatch = new OrderKey(Provider.WECHAT, "1900012345", "DW20261125112004000311");
        String mismatchTxn = "4200002711202611253110987654";
        emitted.addAll(
                run(
                        mismatch,
                        findings,
                        provider(mismatch, 0, QUERY, DEBITED, mismatchTxn, 12080L),
                        terminal(mismatch, 3, PAY_RESULT, SUCCESS, 12800L)));
        // A sale at the terminal; the provider closes the order unpaid.
        OrderKey sale = new OrderKey(Provider.WECHAT, "1230000109", "DW20261125133015000042");
        emitted.addAll(
                run(
                        sale,
                        findings,
                        terminal(sale, 0, PAY_RESULT, SUCCESS, 1999L),
                        provider(sale, 85, QUERY, CLOSED, null, 1999L)));
        // Failed at the terminal and refunded; then the terminal records a success.
        OrderKey conflict =
                new OrderKey(Provider.ALIPAY, "2088201234567890", "20261125150502113045");
        String conflictTxn = "2026112522001456781234567890";
        emitted.addAll(
                run(
                        conflict,
                        findings,
                        terminal(conflict, 0, PAY_RESULT, FAILED, 8800L),
                        provider(conflict, 18, NOTIFY, DEBITED, conflictTxn, 8800L),
                        terminal(conflict, 88, QUERY_RESULT, SUCCESS, 8800L)));
        // Stuck at the deadline without an amount, reversed, then a late debit.
        OrderKey late =
                new OrderKey(Provider.UNIONPAY, "898310148160568", "UP20261125171500000123");
        emitted.addAll(
                run(
                        late,
                        findings,
                        terminal(late, 0, QUERY_RESULT, UNKNOWN, null),
                        terminal(late, 70, REVERSAL_RESULT, SUCCESS, null),
                        provider(late, 75, NOTIFY, DEBITED, "672611251715000123", 5000L)));

        assertThat(findings)
                .as("findings of the scenarios")
                .containsExactlyInAnyOrder(Finding.values());
        assertThat(emitted)
                .hasAtLeastOneElementOfType(Alert.class)
                .hasAtLeastOneElementOfType(RefundRequest.class)
                .hasAtLeastOneElementOfType(Notification.class);
        for (Record record : emitted) {
            Kind kind =
                    record instanceof Alert
                            ? Kind.ALERT
                            : record instanceof RefundRequest
                                    ? Kind.REFUND_REQUEST
                                    : Kind.NOTIFICATION;
            assertValid(kind, record);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Record> run(OrderKey key, Set<Finding> findings, Record... events) {
        List<Fact> facts = new ArrayList<>();
        for (Record e : events) {
            facts.add(e instanceof TerminalEvent t ? Fact.of(t) : Fact.of((ProviderEvent) e));
        }
        List<Record> out = new ArrayList<>();
        for (Decision d :
                new Detector(DetectorConfig.defaults())
                        .decide(key.provider(), facts, Long.MAX_VALUE)) {
            findings.add(d.finding());
            Instant emittedAt = Instant.ofEpochMilli(d.decidedAt()).plusMillis(2_417);
            Alert alert = Outputs.alert(key, d, emittedAt);
            if (alert != null) {
                out.add(alert);
            }
            RefundRequest refund = Outputs.refund(key, d);
            if (refund != null) {
                out.add(refund);
            }
            out.addAll(Outputs.notifications(key, d, emittedAt));
        }
        return out;
    }

    private static String assertValid(Kind kind, Object record) {
        String json = Json.write(record);
        assertThat(Schemas.errors(kind, json)).as("%s errors of %s", kind, json).isEmpty();
        return json;
    }

    private static void assertInvalid(Kind kind, Object record) {
        String json = Json.write(record);
        assertThat(Schemas.errors(kind, json)).as("%s errors of %s", kind, json).isNotEmpty();
    }

    private static Alert unmatchedDebit() {
        return new Alert(
                Ids.alertId(AlertType.UNMATCHED_DEBIT, WX),
                AlertType.UNMATCHED_DEBIT,
                Action.REFUND,
                WX.provider(),
                WX.merchantId(),
                WX.outTradeNo(),
                3850L,
                "CNY",
                "TIMEOUT",
                T0.plusSeconds(60),
                T0.plusMillis(62_417),
                null,
                null,
                null,
                List.of(
                        debitEvidence(),
                        new Evidence(
                                "tev-01JD8K3B9X2T4",
                                Evidence.Stream.TERMINAL,
                                "PAY_RESULT",
                                "TIMEOUT",
                                T0.plusMillis(30_318),
                                3850L,
                                "CNY",
                                null,
                                null,
                                null)));
    }

    private static Evidence debitEvidence() {
        return new Evidence(
                "pev-wx-notify-7f3a91",
                Evidence.Stream.PROVIDER,
                "NOTIFY",
                "DEBITED",
                T0.plusSeconds(19),
                3850L,
                "CNY",
                WX_TXN,
                null,
                null);
    }

    private static Alert withVerdict(Alert a, String verdict) {
        return new Alert(
                a.alertId(),
                a.type(),
                a.action(),
                a.provider(),
                a.merchantId(),
                a.outTradeNo(),
                a.amountMinor(),
                a.currency(),
                verdict,
                a.decidedAt(),
                a.emittedAt(),
                a.resolution(),
                a.resolvesAlertId(),
                null,
                a.evidence());
    }

    /** A terminal event {@code seconds} after T0, with a fresh event id. */
    private static TerminalEvent terminal(
            OrderKey key,
            long seconds,
            TerminalEventType type,
            TerminalResult result,
            Long amount) {
        return new TerminalEvent(
                "tev-" + SEQ.incrementAndGet(),
                T0.plusSeconds(seconds),
                key.provider(),
                key.merchantId(),
                "POS-SH-0231",
                key.outTradeNo(),
                type,
                result,
                amount,
                amount == null ? null : "CNY",
                result == TIMEOUT ? "NETWORK_TIMEOUT" : null,
                "SH-XUHUI-012",
                "pos-4.12.3");
    }

    /** A provider event without refund fields {@code seconds} after T0. */
    private static ProviderEvent provider(
            OrderKey key,
            long seconds,
            ProviderSource source,
            ProviderStatus status,
            String txn,
            long amount) {
        return providerEvent(key, seconds, source, status, txn, amount, null, null);
    }

    /** A REFUNDED notification {@code seconds} after T0. */
    private static ProviderEvent refunded(
            OrderKey key, long seconds, String txn, long amount, long refund, String outRefundNo) {
        return providerEvent(key, seconds, NOTIFY, REFUNDED, txn, amount, refund, outRefundNo);
    }

    private static ProviderEvent providerEvent(
            OrderKey key,
            long seconds,
            ProviderSource source,
            ProviderStatus status,
            String txn,
            long amount,
            Long refundAmount,
            String outRefundNo) {
        return new ProviderEvent(
                "pev-" + SEQ.incrementAndGet(),
                T0.plusSeconds(seconds),
                key.provider(),
                key.merchantId(),
                key.outTradeNo(),
                txn,
                source,
                status,
                amount,
                "CNY",
                amount,
                refundAmount,
                outRefundNo,
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                null);
    }
}
