package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Story.AMOUNT;
import static io.debitwatch.core.detect.Story.CNY;
import static io.debitwatch.core.detect.Story.D;
import static io.debitwatch.core.detect.Story.H;
import static io.debitwatch.core.detect.Story.ONE_HOUR;
import static io.debitwatch.core.detect.Story.PAYER_REF;
import static io.debitwatch.core.detect.Story.TXN;
import static io.debitwatch.core.detect.Story.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Evidence;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Notification.Channel;
import io.debitwatch.core.model.Notification.Severity;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.RefundRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OutputsTest {

    private static final Detector DETECTOR = new Detector(DetectorConfig.defaults());
    private static final Instant EMITTED = Instant.parse("2026-11-25T02:01:00.250Z");

    /** A refunded failure story: early warning, UNMATCHED_DEBIT (REFUND), resolution. */
    private static Story refundStory() {
        return Story.wechat()
                .request(at(0))
                .debited(at(5_000))
                .failed(at(10_000))
                .refunded(at(ONE_HOUR), "r-1", AMOUNT);
    }

    private static Decision decision(Story s, Finding finding) {
        return DETECTOR.decide(s.provider(), s.facts(), H).stream()
                .filter(d -> d.finding() == finding)
                .findFirst()
                .orElseThrow();
    }

    /** A decision made by hand, for the findings where the detector's inputs don't matter. */
    private static Decision made(Finding finding, Action action, long amount, String currency) {
        return new Decision(
                finding, D, action, amount, currency, Verdict.TIMEOUT, TXN, List.of(), null);
    }

    // ---- alerts ------------------------------------------------------------------------------

    @Test
    void unmatchedDebitAlertCarriesTheDecision() {
        Story s = refundStory();
        Decision d = decision(s, Finding.UNMATCHED_DEBIT);

        Alert a = Outputs.alert(s.key(), d, EMITTED);

        assertThat(a.alertId()).isEqualTo(Ids.alertId(AlertType.UNMATCHED_DEBIT, s.key()));
        assertThat(a.type()).isEqualTo(AlertType.UNMATCHED_DEBIT);
        assertThat(a.action()).isEqualTo(Action.REFUND);
        assertThat(a.provider()).isEqualTo(s.key().provider());
        assertThat(a.merchantId()).isEqualTo(s.key().merchantId());
        assertThat(a.outTradeNo()).isEqualTo(s.key().outTradeNo());
        assertThat(a.amountMinor()).isEqualTo(AMOUNT);
        assertThat(a.currency()).isEqualTo(CNY);
        assertThat(a.verdict()).isEqualTo("FAILED");
        assertThat(a.decidedAt()).isEqualTo(Instant.ofEpochMilli(D));
        assertThat(a.emittedAt()).isEqualTo(EMITTED);
        assertThat(a.resolution()).isNull();
        assertThat(a.resolvesAlertId()).isNull();
        assertThat(a.evidence())
                .extracting(Evidence::eventId, Evidence::stream, Evidence::result)
                .containsExactly(
                        tuple("p-002", Evidence.Stream.PROVIDER, "DEBITED"),
                        tuple("t-003", Evidence.Stream.TERMINAL, "FAILED"));
        Evidence debit = a.evidence().get(0);
        assertThat(debit.eventTime()).isEqualTo(Instant.ofEpochMilli(at(5_000)));
        assertThat(debit.providerTxnId()).isEqualTo(TXN);
        assertThat(debit.amountMinor()).isEqualTo(AMOUNT);
        assertThat(debit.type()).isEqualTo("NOTIFY");
    }

    @Test
    void resolvedAlertPointsAtTheAlertItResolves() {
        Story s = refundStory();
        Decision d = decision(s, Finding.ALERT_RESOLVED);

        Alert a = Outputs.alert(s.key(), d, EMITTED);

        assertThat(a.type()).isEqualTo(AlertType.ALERT_RESOLVED);
        assertThat(a.alertId()).isEqualTo(Ids.alertId(AlertType.ALERT_RESOLVED, s.key()));
        assertThat(a.action()).isEqualTo(Action.NONE);
        assertThat(a.resolution()).isEqualTo(Outputs.MONEY_RETURNED).isEqualTo("MONEY_RETURNED");
        assertThat(a.resolvesAlertId()).isEqualTo(Ids.alertId(AlertType.UNMATCHED_DEBIT, s.key()));
        assertThat(a.decidedAt()).isEqualTo(Instant.ofEpochMilli(at(ONE_HOUR)));
        assertThat(a.evidence()).extracting(Evidence::outRefundNo).contains("r-1");
    }

    @Test
    void earlyWarningIsNoAlert() {
        Story s = refundStory();

        assertThat(Outputs.alert(s.key(), decision(s, Finding.EARLY_WARNING), EMITTED)).isNull();
    }

    @Test
    void anAlertWithoutAmountHasNoAmountOrCurrency() {
        OrderKey key = Story.wechat().key();
        Decision stuck = made(Finding.STUCK_PAYMENT, Action.QUERY, -1, null);

        Alert a = Outputs.alert(key, stuck, EMITTED);

        assertThat(a.amountMinor()).isNull();
        assertThat(a.currency()).isNull();
        assertThat(Json.write(a)).doesNotContain("amount_minor").doesNotContain("currency");
    }

    // ---- refund requests ---------------------------------------------------------------------

    @Test
    void refundActionGivesARefundRequestForTheDebit() {
        Story s = refundStory();
        Decision d = decision(s, Finding.UNMATCHED_DEBIT);

        RefundRequest r = Outputs.refund(s.key(), d);

        assertThat(r.refundRequestId()).isEqualTo(Ids.refundRequestId(s.key(), TXN));
        assertThat(r.alertId()).isEqualTo(Ids.alertId(AlertType.UNMATCHED_DEBIT, s.key()));
        assertThat(r.provider()).isEqualTo(s.key().provider());
        assertThat(r.merchantId()).isEqualTo(s.key().merchantId());
        assertThat(r.outTradeNo()).isEqualTo(s.key().outTradeNo());
        assertThat(r.providerTxnId()).isEqualTo(TXN);
        assertThat(r.amountMinor()).isEqualTo(AMOUNT);
        assertThat(r.currency()).isEqualTo(CNY);
        assertThat(r.reason()).contains("FAILED");
    }

    @Test
    void refundOfANetDebitAsksForTheNetAmountOnly() {
        Story s =
                Story.wechat()
                        .request(at(0))
                        .debited(at(5_000))
                        .failed(at(10_000))
                        .refunded(at(20_000), "r-1", 234);

        RefundRequest r = Outputs.refund(s.key(), decision(s, Finding.UNMATCHED_DEBIT));

        assertThat(r.amountMinor()).isEqualTo(1000);
    }

    @Test
    void sameDebitGivesTheSameRefundNumberOnReplay() {
        Story first = refundStory();
        Story replay = refundStory();

        assertThat(Outputs.refund(replay.key(), decision(replay, Finding.UNMATCHED_DEBIT)))
                .isEqualTo(Outputs.refund(first.key(), decision(first, Finding.UNMATCHED_DEBIT)));
    }

    @Test
    void noRefundRequestWithoutARefundAction() {
        Story missing = Story.wechat().debited(at(0));
        Decision review = decision(missing, Finding.UNMATCHED_DEBIT);
        assertThat(review.action()).isEqualTo(Action.REVIEW);
        Story s = refundStory();

        assertThat(Outputs.refund(missing.key(), review)).isNull();
        assertThat(Outputs.refund(s.key(), decision(s, Finding.EARLY_WARNING))).isNull();
        assertThat(Outputs.refund(s.key(), decision(s, Finding.ALERT_RESOLVED))).isNull();
    }

    // ---- notifications -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Finding.class)
    void notificationChannelsFollowTheFinding(Finding finding) {
        OrderKey key = Story.wechat().key();
        Decision d = made(finding, Action.REVIEW, AMOUNT, CNY);

        List<Notification> ns = Outputs.notifications(key, d, EMITTED);

        Set<Finding> merchant =
                EnumSet.of(
                        Finding.EARLY_WARNING, Finding.UNMATCHED_DEBIT, Finding.SALE_WITHOUT_DEBIT);
        List<Channel> expected = new ArrayList<>();
        if (finding.alertType() != null) {
            expected.add(Channel.OPS);
        }
        if (merchant.contains(finding)) {
            expected.add(Channel.MERCHANT);
        }
        assertThat(ns).extracting(Notification::channel).containsExactlyElementsOf(expected);
        for (Notification n : ns) {
            assertThat(n.kind()).isEqualTo(finding.name());
            assertThat(n.notificationId())
                    .isEqualTo(Ids.notificationId(n.channel(), finding.name(), key));
            assertThat(n.alertId())
                    .isEqualTo(
                            finding.alertType() == null
                                    ? null
                                    : Ids.alertId(finding.alertType(), key));
            assertThat(n.provider()).isEqualTo(key.provider());
            assertThat(n.merchantId()).isEqualTo(key.merchantId());
            assertThat(n.outTradeNo()).isEqualTo(key.outTradeNo());
            assertThat(n.amountMinor()).isEqualTo(AMOUNT);
            assertThat(n.currency()).isEqualTo(CNY);
            assertThat(n.decidedAt()).isEqualTo(Instant.ofEpochMilli(D));
            assertThat(n.emittedAt()).isEqualTo(EMITTED);
            assertThat(n.text().zh()).as("zh").isNotBlank().containsPattern("\\p{IsHan}");
            assertThat(n.text().en()).as("en").isNotBlank().matches("[\\x20-\\x7E]+");
            assertThat(n.text().zh()).contains(key.outTradeNo());
            assertThat(n.text().en()).contains(key.outTradeNo());
        }
    }

    @Test
    void severityFollowsTheFinding() {
        Map<Finding, Severity> expected =
                Map.of(
                        Finding.EARLY_WARNING, Severity.CRITICAL,
                        Finding.UNMATCHED_DEBIT, Severity.CRITICAL,
                        Finding.AMOUNT_MISMATCH, Severity.HIGH,
                        Finding.SALE_WITHOUT_DEBIT, Severity.HIGH,
                        Finding.CONFLICT, Severity.HIGH,
                        Finding.STUCK_PAYMENT, Severity.MEDIUM,
                        Finding.ALERT_RESOLVED, Severity.INFO);
        OrderKey key = Story.wechat().key();

        for (Finding f : Finding.values()) {
            List<Notification> ns =
                    Outputs.notifications(key, made(f, Action.NONE, AMOUNT, CNY), EMITTED);
            assertThat(ns).extracting(Notification::severity).containsOnly(expected.get(f));
        }
    }

    @Test
    void earlyWarningTellsTheCashierTheOrderWasPaid() {
        Story s = refundStory();
        Decision ew = decision(s, Finding.EARLY_WARNING);

        List<Notification> ns = Outputs.notifications(s.key(), ew, EMITTED);

        assertThat(ns).hasSize(1);
        Notification n = ns.get(0);
        assertThat(n.channel()).isEqualTo(Channel.MERCHANT);
        assertThat(n.alertId()).isNull();
        assertThat(n.decidedAt()).isEqualTo(Instant.ofEpochMilli(at(10_000)));
        assertThat(n.text().zh()).contains("实际已支付成功").contains("12.34元").contains("微信支付");
        assertThat(n.text().en())
                .contains("was in fact paid")
                .contains("12.34 CNY")
                .contains("WeChat Pay");
    }

    @ParameterizedTest
    @EnumSource(Finding.class)
    void englishTextNeverGluesAWordToAnAmount(Finding finding) {
        OrderKey key = Story.wechat().key();
        Decision d = made(finding, Action.REFUND, AMOUNT, CNY);

        for (Notification n : Outputs.notifications(key, d, EMITTED)) {
            assertThat(n.text().en())
                    .as("%s %s", n.channel(), finding)
                    .doesNotContainPattern("\\p{Alpha}12\\.34")
                    .doesNotContain("  ");
        }
    }

    @Test
    void merchantTextOfARefundSaysItWillBeRefunded() {
        Story s = refundStory();

        Notification merchant =
                Outputs.notifications(s.key(), decision(s, Finding.UNMATCHED_DEBIT), EMITTED)
                        .stream()
                        .filter(n -> n.channel() == Channel.MERCHANT)
                        .findFirst()
                        .orElseThrow();

        assertThat(merchant.text().zh()).contains("12.34元").contains("退款");
        assertThat(merchant.text().en()).contains("12.34 CNY").contains("refunded");
    }

    @Test
    void opsTextNamesActionMerchantOrderAmountAndVerdict() {
        Story s = refundStory();

        Notification ops =
                Outputs.notifications(s.key(), decision(s, Finding.UNMATCHED_DEBIT), EMITTED)
                        .get(0);

        assertThat(ops.channel()).isEqualTo(Channel.OPS);
        assertThat(ops.text().en())
                .contains("[REFUND]")
                .contains(s.key().merchantId())
                .contains("12.34 CNY")
                .contains("FAILED");
        assertThat(ops.text().zh()).contains("[退款]").contains("12.34元");
    }

    @Test
    void amountsAreExactDecimalsInText() {
        OrderKey key = Story.wechat().key();
        Map<Long, String> cases =
                Map.of(
                        0L, "0.00",
                        5L, "0.05",
                        10L, "0.10",
                        100L, "1.00",
                        1234L, "12.34",
                        999_999_999_999L, "9999999999.99");

        cases.forEach(
                (minor, decimal) -> {
                    Decision d = made(Finding.UNMATCHED_DEBIT, Action.REFUND, minor, CNY);
                    for (Notification n : Outputs.notifications(key, d, EMITTED)) {
                        assertThat(n.text().zh()).contains(decimal + "元");
                        assertThat(n.text().en()).contains(decimal + " CNY");
                    }
                });
    }

    @Test
    void aForeignCurrencyIsNamedInBothLanguages() {
        OrderKey key = Story.wechat().key();
        Decision d = made(Finding.UNMATCHED_DEBIT, Action.REFUND, 1999, "HKD");

        for (Notification n : Outputs.notifications(key, d, EMITTED)) {
            assertThat(n.text().zh()).contains("19.99 HKD").doesNotContain("元");
            assertThat(n.text().en()).contains("19.99 HKD");
        }
    }

    @Test
    void payerDataNeverLeavesTheJob() {
        Story s = refundStory();
        List<String> written = new ArrayList<>();
        for (Decision d : DETECTOR.decide(s.provider(), s.facts(), H)) {
            Alert a = Outputs.alert(s.key(), d, EMITTED);
            if (a != null) {
                written.add(Json.write(a));
            }
            RefundRequest r = Outputs.refund(s.key(), d);
            if (r != null) {
                written.add(Json.write(r));
            }
            for (Notification n : Outputs.notifications(s.key(), d, EMITTED)) {
                written.add(Json.write(n));
            }
        }

        // alerts UNMATCHED_DEBIT and ALERT_RESOLVED, one refund request, and notifications:
        // MERCHANT early warning, OPS + MERCHANT unmatched debit, OPS resolution
        assertThat(written).hasSize(2 + 1 + 4);
        for (String json : written) {
            assertThat(json).doesNotContain(PAYER_REF).doesNotContain("payer");
        }
    }

    // ---- provider notices --------------------------------------------------------------------

    @Test
    void aProviderNoticeIsOneOpsNotificationWithoutAlert() {
        OrderKey key = Story.wechat().key();
        Instant when = Instant.parse("2026-11-25T03:00:00Z");

        Notification n =
                Outputs.providerNotice(
                        NoticeKind.REFUND_ABNORMAL, key, "RF-1", 500L, CNY, when, EMITTED);

        assertThat(n.channel()).isEqualTo(Channel.OPS);
        assertThat(n.kind()).isEqualTo("REFUND_ABNORMAL");
        assertThat(n.severity()).isEqualTo(Severity.HIGH);
        assertThat(n.alertId()).isNull();
        assertThat(n.amountMinor()).isEqualTo(500L);
        assertThat(n.currency()).isEqualTo(CNY);
        assertThat(n.decidedAt()).isEqualTo(when);
        assertThat(n.emittedAt()).isEqualTo(EMITTED);
        assertThat(n.notificationId())
                .isEqualTo(Ids.notificationId(Channel.OPS, "REFUND_ABNORMAL", key, "RF-1"));
        assertThat(n.text().zh())
                .contains("退款异常，请人工处理")
                .contains(key.outTradeNo())
                .contains("RF-1")
                .contains("5.00元");
        assertThat(n.text().en()).contains("refund abnormal").contains("RF-1").contains("5.00 CNY");
    }

    @ParameterizedTest
    @EnumSource(NoticeKind.class)
    void noticeSeverityIsHighOnlyWhenSomeoneMustAct(NoticeKind kind) {
        Notification n =
                Outputs.providerNotice(
                        kind, Story.wechat().key(), null, null, null, Instant.EPOCH, EMITTED);

        assertThat(n.severity())
                .isEqualTo(kind == NoticeKind.REFUND_ABNORMAL ? Severity.HIGH : Severity.INFO);
        assertThat(n.amountMinor()).isNull();
        assertThat(n.currency()).isNull();
        assertThat(n.text().zh()).doesNotContain("null").doesNotContain("元");
        assertThat(n.text().en()).doesNotContain("null");
    }

    @Test
    void anAmountWithoutCurrencyIsNotShown() {
        Notification n =
                Outputs.providerNotice(
                        NoticeKind.TRADE_FINISHED,
                        Story.wechat().key(),
                        null,
                        1230L,
                        null,
                        Instant.EPOCH,
                        EMITTED);

        assertThat(n.amountMinor()).isNull();
        assertThat(n.currency()).isNull();
        assertThat(n.text().en()).doesNotContain("12.30");
    }
}
