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

    private static DeadLetterClass of(String reason) {
        return DeadLetterClass.of(reason);
    }

    @Test
    void theDecodersReasonsAreUnreadable() {
        assertThat(of("empty record")).isEqualTo(DeadLetterClass.UNREADABLE);
        assertThat(of("oversize record: 70000 bytes, limit 65536 chars"))
                .isEqualTo(DeadLetterClass.UNREADABLE);
        assertThat(of("not valid UTF-8")).isEqualTo(DeadLetterClass.UNREADABLE);
    }

    @Test
    void theClockCheckAndAThrowingAdapterHaveClassesOfTheirOwn() {
        Instant now = Instant.parse("2026-12-02T08:00:00Z");
        ClockSkew skew = new ClockSkew(Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
        assertThat(of(skew.reject(now.plus(Duration.ofHours(1)))))
                .isEqualTo(DeadLetterClass.FUTURE_EVENT);
        assertThat(of(SourceFormat.threw(new IllegalStateException("a secret"))))
                .isEqualTo(DeadLetterClass.ADAPTER_ERROR);
        assertThat(of("internal: java.lang.NullPointerException"))
                .isEqualTo(DeadLetterClass.ADAPTER_ERROR);
    }

    @Test
    void providerChecksAreAuthenticationOrDecryption() {
        assertThat(of("bad signature: RSA2 verification failed"))
                .isEqualTo(DeadLetterClass.AUTHENTICATION);
        assertThat(of("no key for serial 5157F09EFDC096DE15EBE81A47057A72"))
                .isEqualTo(DeadLetterClass.AUTHENTICATION);
        assertThat(of("stale notification: Wechatpay-Timestamp is 400 s from received_at"))
                .isEqualTo(DeadLetterClass.AUTHENTICATION);
        assertThat(of("app_id \"2021\" is not one of the merchant's Alipay app ids"))
                .isEqualTo(DeadLetterClass.AUTHENTICATION);
        assertThat(of("decryption failed: authentication tag mismatch (wrong APIv3 key, or"))
                .isEqualTo(DeadLetterClass.DECRYPTION);
        assertThat(of("provider notice REFUND_CLOSED names no order"))
                .isEqualTo(DeadLetterClass.UNMAPPED_NOTICE);
    }

    @Test
    void theDetectorsRejectionsAreLateOrTooMany() {
        assertThat(of("late event: its order's timeline closed at 2026-11-26T11:01:00Z"))
                .isEqualTo(DeadLetterClass.LATE_EVENT);
        assertThat(of("more than 64 events for one order after compaction; its refunds become"))
                .isEqualTo(DeadLetterClass.TOO_MANY_EVENTS);
    }

    @Test
    void parserReasonsAndAnythingUnknownAreInvalid() {
        assertThat(of("not JSON: Unexpected character")).isEqualTo(DeadLetterClass.INVALID);
        assertThat(of("missing field amount_minor")).isEqualTo(DeadLetterClass.INVALID);
        assertThat(of(null)).isEqualTo(DeadLetterClass.INVALID);
        assertThat(of("")).isEqualTo(DeadLetterClass.INVALID);
    }

    @Test
    void labelsAreFewAndPrometheusSafe() {
        assertThat(DeadLetterClass.values()).hasSizeLessThanOrEqualTo(10);
        assertThat(Arrays.stream(DeadLetterClass.values()).map(DeadLetterClass::label))
                .allMatch(l -> l.matches("[a-z_]+"))
                .doesNotHaveDuplicates();
    }
}
