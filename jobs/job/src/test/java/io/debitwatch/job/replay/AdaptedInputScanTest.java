package io.debitwatch.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.testing.SignedNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan of a raw file sees the event times only adaptation reveals. */
class AdaptedInputScanTest {

    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static final OffsetDateTime T = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    @TempDir Path dir;

    private static String debit(String id, int second) {
        return SIGNED.wechat(
                        id,
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                "1900000109",
                                "DW" + id,
                                "TXN" + id,
                                T.plusSeconds(second),
                                100,
                                "o"))
                .receivedAt(T.plusSeconds(second + 2))
                .record();
    }

    @Test
    void latenessIsMeasuredOnTheAdaptedEventsOnly() throws Exception {
        WeChatNotifications wechat = SIGNED.wechatAdapter(PayerIds.none());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (String line :
                new String[] {
                    debit("A", 100),
                    "",
                    debit("B", 40), // 60 s late
                    SIGNED.wechat(
                                    "C",
                                    "TRANSACTION.SUCCESS",
                                    SignedNotifications.wechatTransaction(
                                            "1900000109", "DWC", "TXNC", T, 100, "o"))
                            .signedByStranger()
                            .record(), // rejected: its time (500 s late) does not count
                    "not json",
                    debit("D", 130)
                }) {
            file.write(line.getBytes(StandardCharsets.UTF_8));
            file.write('\n');
        }
        file.write(new byte[] {'{', (byte) 0xC3, '}', '\n'}); // not UTF-8
        Path path = Files.write(dir.resolve("wechat.ndjson"), file.toByteArray());

        InputScan scan =
                InputScan.ofAdapted(
                        path, wechat::adapt, RawFormat.WECHAT_NOTIFICATIONS.maxRecordChars());

        assertThat(scan.records()).isEqualTo(6);
        assertThat(scan.maxLatenessMillis()).isEqualTo(60_000);
    }
}
