package io.debitwatch.providers.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.alipay.AlipayAllowList;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.keys.ApiV3Key;
import io.debitwatch.providers.keys.Pem;
import io.debitwatch.providers.keys.WeChatPlatformKeys;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared fixture builds what the adapters, configured from its key files, accept. */
class SignedNotificationsTest {

    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-25T10:00:01+08:00");

    @TempDir Path dir;

    @Test
    void adaptersBuiltFromTheKeyFilesAcceptGenuineAndRefuseBadRecords() {
        SignedNotifications.KeyFiles files = SIGNED.writeKeyFiles(dir);
        PayerIds payerIds =
                PayerIds.hmac(SignedNotifications.PAYER_SECRET.getBytes(StandardCharsets.UTF_8));
        WeChatNotifications wechat =
                new WeChatNotifications(
                        WeChatPlatformKeys.fromSpecs(List.of(files.wechatPlatformKeySpec())),
                        ApiV3Key.fromFile(files.apiV3Key()),
                        payerIds);
        AlipayNotifications alipay =
                new AlipayNotifications(
                        Pem.publicKeyFile(files.alipayPublicKey()),
                        AlipayAllowList.of(List.of(SignedNotifications.ALIPAY_APP_ID), List.of()),
                        payerIds);

        SignedNotifications.WeChat paid =
                SIGNED.wechat(
                        "EV-1",
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                "1900000109", "DW1", "4200000001", AT, 3999, "oUpF8uMu"));
        ProviderEvent debit = event(wechat.adapt(paid.record()));
        assertThat(debit.status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(debit.eventTime()).isEqualTo(Instant.parse("2026-11-25T02:00:01Z"));
        assertThat(debit.amountMinor()).isEqualTo(3999);
        assertThat(debit.payerRef()).startsWith("h1:");
        assertThat(wechat.adapt(paid.signedByStranger().record()))
                .isInstanceOf(Adapted.Rejected.class);
        assertThat(
                        wechat.adapt(
                                SIGNED.wechat(
                                                "EV-2",
                                                "TRANSACTION.SUCCESS",
                                                SignedNotifications.wechatTransaction(
                                                        "1900000109",
                                                        "DW1",
                                                        "4200000001",
                                                        AT,
                                                        3999,
                                                        "o"))
                                        .signedBeforeReceipt(Duration.ofMinutes(10))
                                        .record()))
                .isInstanceOf(Adapted.Rejected.class);
        assertThat(
                        wechat.adapt(
                                SIGNED.wechat(
                                                "EV-3",
                                                "REFUND.ABNORMAL",
                                                SignedNotifications.wechatRefund(
                                                        "1900000109",
                                                        "DW1",
                                                        "4200000001",
                                                        "RF-1",
                                                        "ABNORMAL",
                                                        null,
                                                        3999,
                                                        3999))
                                        .record()))
                .isInstanceOf(Adapted.Notice.class);

        Map<String, String> trade =
                SignedNotifications.alipayTrade(
                        "N-1",
                        "TRADE_SUCCESS",
                        "2088101117955611",
                        "A1",
                        "2026112522001",
                        AT,
                        1230,
                        "2088102146225135",
                        "alice@example.com");
        ProviderEvent aliDebit = event(alipay.adapt(SIGNED.alipay(trade, AT.plusSeconds(2))));
        assertThat(aliDebit.eventTime()).isEqualTo(AT.toInstant());
        assertThat(aliDebit.amountMinor()).isEqualTo(1230);
        assertThat(alipay.adapt(SIGNED.alipayForged(trade, AT)))
                .isInstanceOf(Adapted.Rejected.class);
        assertThat(alipay.adapt(SIGNED.alipayTampered(trade, AT, Map.of("total_amount", "0.01"))))
                .isInstanceOf(Adapted.Rejected.class);
    }

    private static ProviderEvent event(Adapted a) {
        assertThat(a).isInstanceOf(Adapted.Events.class);
        return ((Adapted.Events) a).events().get(0);
    }
}
