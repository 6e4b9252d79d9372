package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.testing.SignedNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdaptingDeserializerTest {

    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static final OffsetDateTime PAID = OffsetDateTime.parse("2026-11-25T10:00:01+08:00");
    private static final WeChatNotifications WECHAT = SIGNED.wechatAdapter(PayerIds.none());
    private final AdaptingDeserializer deserializer =
            new AdaptingDeserializer(
                    SourceFormat.of(RawFormat.WECHAT_NOTIFICATIONS, WECHAT::adapt),
                    ClockSkew.defaults());

    private List<AdaptedRecord> adapt(byte[] value) {
        List<AdaptedRecord> out = new ArrayList<>();
        deserializer.adapt("wechat-notifications", 1, 17L, value, out::add);
        return out;
    }

    private DeadLetter dead(byte[] value) {
        List<AdaptedRecord> out = adapt(value);
        assertThat(out).hasSize(1);
        DeadLetter d = out.get(0).deadLetter();
        assertThat(d).isNotNull();
        assertThat(d.topic()).isEqualTo("wechat-notifications");
        assertThat(d.partition()).isEqualTo(1);
        assertThat(d.offset()).isEqualTo(17L);
        assertThat(out.get(0).timestamp()).isEqualTo(Long.MIN_VALUE);
        return d;
    }

    private static SignedNotifications.WeChat debit() {
        return SIGNED.wechat(
                "EV-1",
                "TRANSACTION.SUCCESS",
                SignedNotifications.wechatTransaction(
                        "1900000109",
                        "DW1",
                        "4200000001",
                        PAID,
                        3999,
                        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
    }

    @Test
    void aGenuineNotificationIsItsEventStampedWithTheDecryptedTime() {
        List<AdaptedRecord> out = adapt(debit().record().getBytes(StandardCharsets.UTF_8));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).event().status()).isEqualTo(ProviderStatus.DEBITED);
        assertThat(out.get(0).event().payerRef()).as("no secret: dropped").isNull();
        assertThat(out.get(0).timestamp()).isEqualTo(PAID.toInstant().toEpochMilli());
    }

    @Test
    void everyBadRecordIsOneDeadLetterWithItsPosition() {
        assertThat(dead(new byte[0]).reason()).isEqualTo("empty record");
        assertThat(dead(null).reason()).isEqualTo("empty record");
        assertThat(dead(new byte[] {'{', (byte) 0xC3, '}'}).reason()).isEqualTo("not valid UTF-8");
        assertThat(dead(new byte[4 * WeChatNotifications.MAX_RECORD_CHARS + 1]).reason())
                .startsWith("oversize record");
        assertThat(dead("{}".getBytes(StandardCharsets.UTF_8)).reason()).contains("received_at");
        DeadLetter forged =
                dead(debit().signedByStranger().record().getBytes(StandardCharsets.UTF_8));
        assertThat(forged.reason()).startsWith("bad signature");
        assertThat(forged.raw()).contains("Wechatpay-Signature");
    }

    @Test
    void aNoticeIsAnOpsNotificationNotAnEvent() {
        String abnormal =
                SIGNED.wechat(
                                "EV-2",
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
                        .record();
        List<AdaptedRecord> out = adapt(abnormal.getBytes(StandardCharsets.UTF_8));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).notice().kind()).isEqualTo("REFUND_ABNORMAL");
        assertThat(out.get(0).timestamp()).isEqualTo(Long.MIN_VALUE);
    }
}
