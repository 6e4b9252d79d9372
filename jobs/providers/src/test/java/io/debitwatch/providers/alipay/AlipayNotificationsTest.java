package io.debitwatch.providers.alipay;

import static io.debitwatch.providers.alipay.AlipayFixture.BUYER_ID;
import static io.debitwatch.providers.alipay.AlipayFixture.BUYER_LOGON_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.detect.Decision;
import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEvent;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.keys.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlipayNotificationsTest {

    private static final Charset GBK = Charset.forName("GBK");
    private final AlipayNotifications adapter = AlipayFixture.adapter();
    private final PayerIds payerIds = PayerIds.hmac(AlipayFixture.PAYER_SECRET);

    // ---- mappings ---------------------------------------------------------------------------

    @Test
    void tradeSuccessIsDebited() {
        ProviderEvent e = event(adapt(p -> {}));
        assertThat(e.eventId()).isEqualTo("alin-2026112500222100001234567890123456-TRADE_SUCCESS");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:00:01Z"));
        assertThat(e.provider()).isEqualTo(Provider.ALIPAY);
        assertThat(e.merchantId()).isEqualTo("2088101117955611");
        assertThat(e.outTradeNo()).isEqualTo("6823789339978248");
        assertThat(e.providerTxnId()).isEqualTo("2026112522001425130501234567");
        assertThat(e.source()).isEqualTo(ProviderSource.NOTIFY);
        assertThat(e.status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.currency()).isEqualTo("CNY");
        assertThat(e.payerAmountMinor()).isEqualTo(1230L);
        assertThat(e.payerRef()).isEqualTo(payerIds.ref("ALIPAY", BUYER_ID));
        assertThat(e.refundAmountMinor()).isNull();
        assertThat(e.outRefundNo()).isNull();
        assertThat(e.deviceId()).isNull();
    }

    @Test
    void discountedPaymentKeepsTheOrderAmount() {
        ProviderEvent e =
                event(
                        adapt(
                                p -> {
                                    p.put("buyer_pay_amount", "10.30");
                                    p.remove("invoice_amount");
                                }));
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.payerAmountMinor()).isEqualTo(1030L);
    }

    @Test
    void payerFromBuyerLogonIdWhenNoBuyerId() {
        ProviderEvent e = event(adapt(p -> p.remove("buyer_id")));
        assertThat(e.payerRef()).isEqualTo(payerIds.ref("ALIPAY", BUYER_LOGON_ID));
        ProviderEvent none =
                event(
                        adapt(
                                p -> {
                                    p.remove("buyer_id");
                                    p.remove("buyer_logon_id");
                                }));
        assertThat(none.payerRef()).isNull();
    }

    @Test
    void tradeSuccessWithRefundFieldsIsAPartialRefund() {
        ProviderEvent e =
                event(
                        adapt(
                                p -> {
                                    p.put("refund_fee", "5.00");
                                    p.put("gmt_refund", "2026-11-25 11:00:00.250");
                                    p.put("out_biz_no", "RF20261125-1");
                                    p.put("notify_time", "2026-11-25 11:00:01");
                                }));
        assertThat(e.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(e.outRefundNo()).isEqualTo("RF20261125-1");
        // refund_fee is Alipay's cumulative total, never a per-refund amount (SPEC §4a.7).
        assertThat(e.refundTotalMinor()).isEqualTo(500L);
        assertThat(e.refundAmountMinor()).isNull();
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T03:00:00.250Z"));
        assertThat(e.payerAmountMinor()).isNull();
        assertThat(e.eventId()).endsWith("-TRADE_SUCCESS");
    }

    @Test
    void partialRefundNeedsRefundFeeAndOutBizNo() {
        rejected(adapt(p -> p.put("gmt_refund", "2026-11-25 11:00:00")), "without refund_fee");
        rejected(adapt(p -> p.put("refund_fee", "5.00")), "without out_biz_no");
        // refund_fee=0.00 counts as absent: a refund number without an amount stays unusable.
        rejected(
                adapt(
                        p -> {
                            p.put("refund_fee", "0.00");
                            p.put("out_biz_no", "RF1");
                        }),
                "without refund_fee");
        rejected(
                adapt(
                        p -> {
                            p.put("refund_fee", "abc");
                            p.put("out_biz_no", "RF1");
                        }),
                "refund_fee: amount not a plain yuan number");
        rejected(
                adapt(
                        p -> {
                            p.put("refund_fee", "12.31");
                            p.put("out_biz_no", "RF1");
                        }),
                "refund_fee 1231 fen exceeds total_amount 1230 fen");
    }

    @Test
    void tradeClosedAfterFullRefundIsRefunded() {
        ProviderEvent e =
                event(
                        adapt(
                                p -> {
                                    p.put("trade_status", "TRADE_CLOSED");
                                    p.put("refund_fee", "12.30");
                                    p.put("out_biz_no", "RF20261125-ALL");
                                    p.put("gmt_refund", "2026-11-25 12:00:00");
                                    p.put("gmt_close", "2026-11-25 12:00:05");
                                }));
        assertThat(e.status()).isEqualTo(ProviderStatus.REFUNDED);
        assertThat(e.refundTotalMinor()).isEqualTo(1230L);
        assertThat(e.refundAmountMinor()).isNull();
        assertThat(e.outRefundNo()).isEqualTo("RF20261125-ALL");
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T04:00:00Z"));
        assertThat(e.eventId()).endsWith("-TRADE_CLOSED");

        ProviderEvent noBizNo =
                event(
                        adapt(
                                p -> {
                                    p.put("trade_status", "TRADE_CLOSED");
                                    p.put("refund_fee", "12.30");
                                    p.put("gmt_close", "2026-11-25 12:00:05");
                                }));
        assertThat(noBizNo.outRefundNo()).isEqualTo("alipay-close-2026112522001425130501234567");
        assertThat(noBizNo.eventTime()).isEqualTo(Instant.parse("2026-11-25T04:00:05Z"));
    }

    @Test
    void tradeClosedWithoutRefundIsClosed() {
        ProviderEvent e =
                event(
                        adapt(
                                p -> {
                                    p.put("trade_status", "TRADE_CLOSED");
                                    p.remove("gmt_payment");
                                    p.put("gmt_close", "2026-11-25 10:01:00");
                                }));
        assertThat(e.status()).isEqualTo(ProviderStatus.CLOSED);
        assertThat(e.amountMinor()).isEqualTo(1230);
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:01:00Z"));
        assertThat(e.refundAmountMinor()).isNull();
    }

    @Test
    void waitBuyerPayIsNotPaidAsOfTradeCreation() {
        ProviderEvent e =
                event(
                        adapt(
                                p -> {
                                    p.put("trade_status", "WAIT_BUYER_PAY");
                                    p.remove("gmt_payment");
                                }));
        assertThat(e.status()).isEqualTo(ProviderStatus.NOT_PAID);
        assertThat(e.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:00:00Z"));
    }

    @Test
    void tradeFinishedMonthsAfterPaymentIsANotice() {
        // The refund period ended (no money moves): sent months after gmt_payment.
        Adapted a =
                adapt(
                        p -> {
                            finished(p);
                            p.put("gmt_close", "2027-02-25 10:00:01");
                            p.put("notify_time", "2027-02-25 10:00:02");
                        });
        Adapted.Notice n = notice(a);
        assertThat(n.provider()).isEqualTo(Provider.ALIPAY);
        assertThat(n.merchantId()).isEqualTo("2088101117955611");
        assertThat(n.outTradeNo()).isEqualTo("6823789339978248");
        assertThat(n.amountMinor()).isEqualTo(1230L);
        assertThat(n.eventTime()).isEqualTo(Instant.parse("2027-02-25T02:00:01Z"));
    }

    @Test
    void tradeFinishedWithoutPaymentTimeOrNotifyTimeIsANotice() {
        notice(
                adapt(
                        p -> {
                            finished(p);
                            p.remove("gmt_payment");
                        }));
        notice(
                adapt(
                        p -> {
                            finished(p);
                            p.put("gmt_payment", "");
                        }));
        notice(
                adapt(
                        p -> {
                            finished(p);
                            p.remove("notify_time");
                        }));
    }

    @Test
    void tradeFinishedRightAfterPaymentIsThatSameDebit() {
        // A product without refunds: TRADE_FINISHED is the only payment notification.
        ProviderEvent success = event(adapt(p -> {}));
        ProviderEvent finished =
                event(
                        adapt(
                                p -> {
                                    finished(p);
                                    p.put("refund_fee", "0.00"); // as on real ones
                                }));
        assertThat(finished.status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(finished.eventId())
                .isEqualTo("alin-2026112500222100001234567890123457-TRADE_FINISHED")
                .isNotEqualTo(success.eventId());
        assertThat(finished.providerTxnId()).isEqualTo(success.providerTxnId());
        assertThat(finished.amountMinor()).isEqualTo(success.amountMinor()).isEqualTo(1230);
        assertThat(finished.eventTime())
                .isEqualTo(success.eventTime())
                .isEqualTo(Instant.parse("2026-11-25T02:00:01Z"));
        assertThat(finished)
                .usingRecursiveComparison()
                .ignoringFields("eventId")
                .isEqualTo(success);
    }

    @Test
    void tradeFinishedCountsAsADebitUpTo25HoursAfterPayment() {
        assertThat(AlipayNotifications.PAYMENT_NOTIFY_HORIZON).isEqualTo(Duration.ofHours(25));
        ProviderEvent last =
                event(
                        adapt(
                                p -> {
                                    finished(p);
                                    p.put("notify_time", "2026-11-26 11:00:01");
                                }));
        assertThat(last.status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(last.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:00:01Z"));
        notice(
                adapt(
                        p -> {
                            finished(p);
                            p.put("notify_time", "2026-11-26 11:00:02");
                        }));
    }

    @Test
    void tradeSuccessAndTradeFinishedOfOneTradeAreOneDebitForTheDetector() {
        ProviderEvent success = event(adapt(p -> {}));
        ProviderEvent finished = event(adapt(AlipayNotificationsTest::finished));
        TerminalEvent failed =
                new TerminalEvent(
                        "t-1",
                        Instant.parse("2026-11-25T02:00:00Z"),
                        Provider.ALIPAY,
                        success.merchantId(),
                        "POS-1",
                        success.outTradeNo(),
                        TerminalEventType.PAY_RESULT,
                        TerminalResult.FAILED,
                        1230L,
                        "CNY",
                        null,
                        null,
                        null);
        Detector detector = new Detector(DetectorConfig.defaults());
        List<Fact> facts = List.of(Fact.of(failed), Fact.of(success), Fact.of(finished));
        List<Decision> all = detector.decide(Provider.ALIPAY, facts, Long.MAX_VALUE);
        List<Decision> alone =
                detector.decide(
                        Provider.ALIPAY,
                        List.of(Fact.of(failed), Fact.of(finished)),
                        Long.MAX_VALUE);
        for (List<Decision> decisions : List.of(all, alone)) {
            List<Decision> unmatched =
                    decisions.stream().filter(d -> d.finding() == Finding.UNMATCHED_DEBIT).toList();
            assertThat(unmatched).as(decisions.toString()).hasSize(1);
            assertThat(unmatched.get(0).amountMinor()).isEqualTo(1230);
            assertThat(unmatched.get(0).debitTxnId()).isEqualTo(success.providerTxnId());
            assertThat(decisions)
                    .extracting(Decision::finding)
                    .doesNotContain(Finding.AMOUNT_MISMATCH, Finding.CONFLICT);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "TRADE_SUCCESS, DEBITED",
        "TRADE_CLOSED, CLOSED",
        "WAIT_BUYER_PAY, NOT_PAID",
        "TRADE_FINISHED, DEBITED"
    })
    void zeroRefundFeeCountsAsAbsent(String tradeStatus, ProviderStatus expected) {
        for (String zero : List.of("0.00", "0", "0.0")) {
            ProviderEvent e =
                    event(
                            adapt(
                                    p -> {
                                        p.put("trade_status", tradeStatus);
                                        p.put("refund_fee", zero);
                                        if (tradeStatus.equals("TRADE_FINISHED")) {
                                            finished(p);
                                        }
                                    }));
            assertThat(e.status()).isEqualTo(expected);
            assertThat(e.refundAmountMinor()).isNull();
        }
        // Alipay's own example notification: TRADE_SUCCESS with refund_fee=0.00 and gmt_close.
        ProviderEvent e =
                event(
                        adapt(
                                p -> {
                                    p.put("refund_fee", "0.00");
                                    p.put("gmt_close", "2026-11-25 10:00:00");
                                }));
        assertThat(e.status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(e.amountMinor()).isEqualTo(1230);
    }

    /** Turns the payment notification into the TRADE_FINISHED Alipay sends right after it. */
    private static void finished(LinkedHashMap<String, String> p) {
        p.put("trade_status", "TRADE_FINISHED");
        p.put("notify_id", "2026112500222100001234567890123457");
        p.put("notify_time", "2026-11-25 10:00:03");
    }

    @Test
    void unknownTradeStatusOrNotifyTypeIsRejected() {
        rejected(
                adapt(p -> p.put("trade_status", "TRADE_PENDING")),
                "unknown trade_status \"TRADE_PENDING\"");
        rejected(adapt(p -> p.remove("trade_status")), "missing parameter trade_status");
        rejected(adapt(p -> p.put("notify_type", "fund_auth_sync")), "unsupported notify_type");
    }

    // ---- whose notification (app_id, seller_id) ------------------------------------------------

    @Test
    void aGenuineNotificationForAnotherAppIsRejectedNamingAppId() {
        String reason =
                reason(
                        adapt(p -> p.put("app_id", "2021000000000099")),
                        "app_id \"2021000000000099\"");
        assertThat(reason).contains("not one of the merchant's Alipay app ids");
        // every kind of notification, not only payments
        rejected(
                adapt(
                        p -> {
                            finished(p);
                            p.put("app_id", "2021000000000099");
                        }),
                "app_id");
        rejected(adapt(p -> p.remove("app_id")), "missing parameter app_id");
    }

    @Test
    void aGenuineNotificationForAnotherSellerIsRejectedWithoutTheFullSellerId() {
        String reason =
                reason(adapt(p -> p.put("seller_id", "2088999999998765")), "seller_id …8765");
        assertThat(reason)
                .contains("not one of the merchant's Alipay seller ids")
                .doesNotContain("2088999999998765");
    }

    @Test
    void theMerchantsOwnAppAndSellerGiveEventsAndAnySellerWhenNoneIsConfigured() {
        assertThat(event(adapt(p -> {})).merchantId()).isEqualTo(AlipayFixture.SELLER_ID);

        AlipayNotifications anySeller =
                AlipayFixture.adapter(
                        AlipayAllowList.of(
                                List.of("2021000000000007", AlipayFixture.APP_ID), null));
        LinkedHashMap<String, String> p = AlipayFixture.payment();
        p.put("seller_id", "2088999999998765");
        ProviderEvent e =
                event(anySeller.adapt(AlipayFixture.record(p, TestKeys.PLATFORM.getPrivate())));
        assertThat(e.merchantId()).isEqualTo("2088999999998765");
    }

    @Test
    void anAllowListNeedsAnAppId() {
        assertThatThrownBy(() -> AlipayAllowList.of(List.of(), List.of("2088101117955611")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("app id");
        assertThatThrownBy(() -> AlipayAllowList.of(List.of(" "), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
    }

    @Test
    void duplicateNotifyIdGivesIdenticalEvents() {
        String record =
                AlipayFixture.record(AlipayFixture.payment(), TestKeys.PLATFORM.getPrivate());
        Adapted first = adapter.adapt(record);
        Adapted again =
                adapter.adapt(
                        record.replace("2026-11-25T10:00:03+08:00", "2026-11-25T10:04:00+08:00"));
        assertThat(again).isEqualTo(first);
        assertThat(Json.write(again)).isEqualTo(Json.write(first));
    }

    // ---- signature and encoding ---------------------------------------------------------------

    @Test
    void signatureFailures() {
        rejected(adapt(p -> p.remove("sign")), "missing sign");
        rejected(adapt(p -> p.remove("sign_type")), "missing sign_type");
        rejected(
                adapt(p -> p.put("sign_type", "RSA")), "sign_type \"RSA\" not accepted: only RSA2");
        rejected(
                adapter.adapt(
                        AlipayFixture.record(AlipayFixture.payment(), TestKeys.OTHER.getPrivate())),
                "bad signature");
        LinkedHashMap<String, String> p = AlipayFixture.payment();
        String good = AlipayFixture.record(p, TestKeys.PLATFORM.getPrivate());
        rejected(
                adapter.adapt(good.replace("total_amount=12.30", "total_amount=99.30")),
                "bad signature: RSA2 verification failed");
        // An empty parameter does not take part in the signature, a non-empty one does.
        event(adapter.adapt(good.replace("passback_params=&", "")));
        rejected(
                adapter.adapt(good.replace("passback_params=&", "passback_params=x&")),
                "bad signature");
        // An unsigned blank parameter is inert: it cannot turn the debit into a refund.
        event(adapter.adapt(good.replace("passback_params=&", "gmt_refund=+&out_biz_no=&")));
        LinkedHashMap<String, String> bad = AlipayFixture.payment();
        bad.put("sign", "not base64!");
        rejected(
                adapter.adapt(AlipayFixture.record(bad, TestKeys.PLATFORM.getPrivate())),
                "sign is not base64");
    }

    @Test
    void emptyAndBlankValuesAreLeftOutOfTheSignedContentAsByAlipaysSdk() {
        LinkedHashMap<String, String> p = AlipayFixture.payment();
        p.put("body", "");
        p.put("passback_params", "");
        p.put("memo", "  ");
        p.put("subject", " 尾随空格 "); // kept as is, not trimmed
        assertThat(AlipayFixture.signContent(p))
                .doesNotContain("body=", "passback_params=", "memo=")
                .contains("&subject= 尾随空格 &");
        // Signed by Alipay (the SDK's check content): verifies, empty values and all.
        String genuine = AlipayFixture.record(p, TestKeys.PLATFORM.getPrivate());
        assertThat(genuine).contains("body=&", "passback_params=&", "memo=++");
        assertThat(event(adapter.adapt(genuine)).amountMinor()).isEqualTo(1230);
        // Signed over content that keeps the empty values ("body=&...", as older SDK sources
        // built it): not what Alipay signs, refused.
        LinkedHashMap<String, String> keptEmpty = new LinkedHashMap<>(p);
        keptEmpty.put(
                "sign",
                AlipayFixture.sign(
                        TestKeys.PLATFORM.getPrivate(),
                        AlipayFixture.signContent(p, true),
                        StandardCharsets.UTF_8));
        assertThat(AlipayFixture.signContent(p, true)).contains("body=&", "memo=  &");
        rejected(
                adapter.adapt(AlipayFixture.record(keptEmpty, TestKeys.PLATFORM.getPrivate())),
                "bad signature: RSA2 verification failed");
        // A trailing space is part of a non-blank value's signed content.
        rejected(
                adapter.adapt(genuine.replace("subject=+", "subject=")),
                "bad signature: RSA2 verification failed");
    }

    @Test
    void gbkBodyIsDecodedAndVerifiedInGbk() {
        LinkedHashMap<String, String> p = AlipayFixture.payment();
        p.put("charset", "GBK");
        p.put("subject", "测试商品：烤鸭");
        String record = AlipayFixture.record(p, TestKeys.PLATFORM.getPrivate());
        assertThat(record).contains("%B2%E2%CA%D4"); // 测试 in GBK
        ProviderEvent e = event(adapter.adapt(record));
        assertThat(e.amountMinor()).isEqualTo(1230);
        // Signed over UTF-8 bytes but declared GBK: not what Alipay signs.
        rejected(
                adapter.adapt(
                        AlipayFixture.record(
                                p, TestKeys.PLATFORM.getPrivate(), StandardCharsets.UTF_8, GBK)),
                "bad signature");
        // GBK bytes declared as utf-8.
        LinkedHashMap<String, String> lie = new LinkedHashMap<>(p);
        lie.put("charset", "utf-8");
        rejected(
                adapter.adapt(AlipayFixture.record(lie, TestKeys.PLATFORM.getPrivate(), GBK, GBK)),
                "parameter \"subject\" is not valid UTF-8");
        lie.put("charset", "big5");
        rejected(
                adapter.adapt(AlipayFixture.record(lie, TestKeys.PLATFORM.getPrivate(), GBK, GBK)),
                "unsupported charset \"big5\"");
    }

    @Test
    void plusAndPercentEscapesDecodeBeforeVerifying() {
        ProviderEvent e = event(adapt(p -> p.put("subject", "a+b c%d/é")));
        assertThat(e.outTradeNo()).isEqualTo("6823789339978248");
    }

    @Test
    void malformedBodies() {
        rejected(adapter.adapt(AlipayFixture.record("a=%G1&b=2")), "malformed %-escape");
        rejected(adapter.adapt(AlipayFixture.record("a=%4")), "truncated %-escape");
        rejected(adapter.adapt(AlipayFixture.record("a=1&a=2")), "parameter \"a\" given twice");
        rejected(adapter.adapt(AlipayFixture.record("=1")), "without a name");
        rejected(adapter.adapt(AlipayFixture.record("a=测试")), "not ASCII");
        rejected(adapter.adapt(AlipayFixture.record("a=1\nb=2")), "control character");
        rejected(adapter.adapt(AlipayFixture.record("&&")), "no parameters");
        rejected(adapter.adapt(AlipayFixture.record("a=1")), "missing sign_type");
        rejected(adapter.adapt(AlipayFixture.record(" ")), "body is empty");
        rejected(
                adapter.adapt("{\"received_at\":\"2026-11-25T10:00:03+08:00\"}"),
                "missing field body");
        rejected(
                adapter.adapt("{\"received_at\":\"2026-11-25T10:00:03+08:00\",\"body\":1}"),
                "body must be a string");
        rejected(adapter.adapt("{\"body\":\"a=1\"}"), "missing field received_at");
        rejected(
                adapter.adapt("{\"received_at\":\"yesterday\",\"body\":\"a=1\"}"),
                "received_at is not an ISO-8601 time");
        rejected(adapter.adapt("buyer_id=" + BUYER_ID), "record is not JSON");
        rejected(adapter.adapt(null), "record is empty");
        rejected(adapter.adapt("[]"), "record is not a JSON object");
    }

    // ---- fields -------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "total_amount|0.001|total_amount: amount more precise than one fen: \"0.001\"",
                "total_amount|1e2|total_amount: amount not a plain yuan number: \"1e2\"",
                "total_amount|-1|total_amount: amount not a plain yuan number: \"-1\"",
                "total_amount|abc|total_amount: amount not a plain yuan number: \"abc\"",
                "total_amount|100000000.01|total_amount: amount above",
                "total_amount||missing parameter total_amount",
                "buyer_pay_amount|1.2.3|buyer_pay_amount: amount not a plain yuan number",
                "gmt_payment|2026-11-25T10:00:01|gmt_payment is not a time like",
                "gmt_payment|2026-02-30 10:00:01|gmt_payment is not a time like",
                "gmt_payment|1999-12-31 23:59:59|gmt_payment out of range",
                "gmt_payment||missing parameter gmt_payment",
                "seller_id||missing parameter seller_id",
                "out_trade_no||missing parameter out_trade_no",
                "out_trade_no|12345678901234567890123456789012345678901234567890123456789012345|out_trade_no longer than 64 chars",
                "trade_no||missing parameter trade_no",
                "out_trade_no|o-1\u202Eevil|out_trade_no contains U+202E (bidirectional control)",
                "trade_no|2026\u200F1|trade_no contains U+200F (bidirectional control)",
                "seller_id|2088\u0085|seller_id contains U+0085 (control character)",
                "notify_id||missing parameter notify_id",
                "notify_id|'  '|missing parameter notify_id",
            })
    void fieldValidation(String field, String value, String reason) {
        rejected(
                adapt(
                        p -> {
                            if (value == null) {
                                p.remove(field);
                            } else {
                                p.put(field, value);
                            }
                        }),
                reason);
    }

    @Test
    void overlongNotifyIdIsRejectedAndTheLongestAcceptedPassesTheCore() {
        int max = 128 - "alin-".length() - "-TRADE_SUCCESS".length();
        event(adapt(p -> p.put("notify_id", "n".repeat(max))));
        rejected(adapt(p -> p.put("notify_id", "n".repeat(max + 1))), "notify_id longer than");
    }

    @Test
    void payerIdsNeverAppearInClearText() {
        for (String status :
                List.of("TRADE_SUCCESS", "TRADE_CLOSED", "WAIT_BUYER_PAY", "TRADE_FINISHED")) {
            assertPrivate(adapt(p -> p.put("trade_status", status)));
        }
        assertPrivate(adapt(p -> p.put("total_amount", "bad")));
        assertPrivate(
                adapter.adapt(AlipayFixture.record("buyer_logon_id=" + BUYER_LOGON_ID + "&x=%ZZ")));
        assertPrivate(
                adapter.adapt(
                        "{\"received_at\":\"2026-11-25T10:00:03+08:00\",\"body\":\"buyer_id="
                                + BUYER_ID
                                + "\" x}"));
    }

    @Test
    void serialisableForTheJobGraph() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(adapter);
        }
        AlipayNotifications back =
                (AlipayNotifications)
                        new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))
                                .readObject();
        String record =
                AlipayFixture.record(AlipayFixture.payment(), TestKeys.PLATFORM.getPrivate());
        assertThat(back.adapt(record)).isEqualTo(adapter.adapt(record));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Adapted adapt(Consumer<LinkedHashMap<String, String>> change) {
        LinkedHashMap<String, String> p = AlipayFixture.payment();
        change.accept(p);
        return adapter.adapt(AlipayFixture.record(p, TestKeys.PLATFORM.getPrivate()));
    }

    private static ProviderEvent event(Adapted a) {
        assertThat(a).as(a.toString()).isInstanceOf(Adapted.Events.class);
        assertPrivate(a);
        List<ProviderEvent> events = ((Adapted.Events) a).events();
        assertThat(events).hasSize(1);
        ProviderEvent e = events.get(0);
        assertThat(EventParser.parseProvider(Json.write(e))).isEqualTo(new Parsed.Ok<>(e));
        return e;
    }

    private static Adapted.Notice notice(Adapted a) {
        assertThat(a).as(a.toString()).isInstanceOf(Adapted.Notice.class);
        assertPrivate(a);
        Adapted.Notice n = (Adapted.Notice) a;
        assertThat(n.kind()).isEqualTo("TRADE_FINISHED");
        return n;
    }

    private static String reason(Adapted a, String reasonPart) {
        rejected(a, reasonPart);
        return ((Adapted.Rejected) a).reason();
    }

    private static void rejected(Adapted a, String reasonPart) {
        assertThat(a).as(a.toString()).isInstanceOf(Adapted.Rejected.class);
        assertThat(((Adapted.Rejected) a).reason()).contains(reasonPart).doesNotContain("\n", "\r");
        assertPrivate(a);
    }

    private static void assertPrivate(Adapted a) {
        String out = Json.write(a) + a;
        assertThat(out).doesNotContain(BUYER_ID, BUYER_LOGON_ID, "alice");
        String pem = TestKeys.publicPem(TestKeys.PLATFORM);
        String b64 = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        for (int i = 0; i + 16 <= b64.length(); i += 16) {
            assertThat(out).doesNotContain(b64.substring(i, i + 16));
        }
    }
}
