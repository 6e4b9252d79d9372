package io.debitwatch.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.io.ClockSkew;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reason of every dead-letter kind maps to its class; anything else is "invalid". */
class DeadLetterClassTest {

    private static void assertClass(DeadLetterClass expected, String... reasons) {
        for (String reason : reasons) {
            assertThat(DeadLetterClass.of(reason)).as(reason).isEqualTo(expected);
        }
    }

    @Test
    void theDecodersReasonsAreUnreadable() {
        assertClass(
                DeadLetterClass.UNREADABLE,
                "empty record",
                "oversize record: 70000 bytes, limit 65536 chars",
                "not valid UTF-8");
    }

    @Test
    void theClockCheckAndAThrowingAdapterHaveClassesOfTheirOwn() {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        ClockSkew skew = new ClockSkew(Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
        assertClass(DeadLetterClass.FUTURE_EVENT, skew.reject(now.plus(Duration.ofHours(1))));
        assertClass(
                DeadLetterClass.ADAPTER_ERROR,
                SourceFormat.threw(new IllegalStateException("a secret")),
                "internal: java.lang.NullPointerException");
    }

    @Test
    void providerChecksAreAuthenticationOrDecryption() {
        assertClass(
                DeadLetterClass.AUTHENTICATION,
                "bad signature: RSA2 verification failed",
                "no key for serial 5157F09EFDC096DE15EBE81A47057A72",
                "stale notification: Wechatpay-Timestamp is 400 s from received_at",
                "app_id \"2021\" is not one of the merchant's Alipay app ids",
                "app_id \"2021\" has no key file alipay.2021.alipay-public-key.pem (or"
                        + " .alipay-cert.pem): not one of the acquirer's apps",
                "sign_type \"RSA\" not accepted: only RSA2 (SHA256withRSA); SHA1withRSA is"
                        + " refused unless alipay-allow-sha1 is set",
                "decrypted mchid \"1900000002\" is not merchant \"1900000001\", whose keys",
                "keys unavailable: wechat-apiv3.key: APIv3 key file not found");
        assertClass(
                DeadLetterClass.DECRYPTION,
                "decryption failed: authentication tag mismatch (wrong APIv3 key, or",
                "no APIv3 key for WeChat Pay merchant \"1900000002\" (kind apiv3-key, key file");
        assertClass(
                DeadLetterClass.UNMAPPED_NOTICE, "provider notice REFUND_CLOSED names no order");
    }

    @Test
    void theDetectorsRejectionsAreLateOrTooMany() {
        assertClass(
                DeadLetterClass.LATE_EVENT,
                "late event: its order's timeline closed at 2026-11-26T11:01:00Z",
                "late event: it would split its order's timeline after findings went out");
        assertClass(
                DeadLetterClass.TOO_MANY_EVENTS,
                "more than 64 events for one order after compaction; its refunds become reviews");
    }

    @Test
    void parserReasonsAndAnythingUnknownAreInvalid() {
        assertClass(
                DeadLetterClass.INVALID,
                "not JSON: Unexpected character",
                "missing field amount_minor",
                null,
                "");
    }

    @Test
    void labelsAreFewAndPrometheusSafe() {
        assertThat(DeadLetterClass.values()).hasSizeLessThanOrEqualTo(10);
        assertThat(Arrays.stream(DeadLetterClass.values()).map(DeadLetterClass::label))
                .allMatch(l -> l.matches("[a-z_]+"))
                .doesNotHaveDuplicates();
    }
}
