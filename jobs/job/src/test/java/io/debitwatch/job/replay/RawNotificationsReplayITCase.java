package io.debitwatch.job.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.model.Notification;
import io.debitwatch.job.TestClusters;
import io.debitwatch.job.adapt.ProviderKeys;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RawStories;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.testing.SignedNotifications;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay whose provider side comes as raw, signed notifications (WeChat Pay v3, encrypted; Alipay
 * RSA2 form bodies, built and signed in the test with generated keys) decides exactly what the same
 * stories decide given as normalised provider events; bad records are one dead letter each, notices
 * one OPS notification each, and no payer id leaves the job in clear text. The raw files are
 * written newest first, so that the replay's scan must adapt them to find their lateness.
 */
class RawNotificationsReplayITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    @TempDir static Path dir;

    private static final SignedNotifications SIGNED = new SignedNotifications();
    private static RawStories stories;
    private static SignedNotifications.KeyFiles keys;
    private static Path terminal;
    private static Path normalised;
    private static Path wechat;
    private static Path alipay;

    @BeforeAll
    static void writeInputs() throws IOException {
        stories = new RawStories(SIGNED, OffsetDateTime.parse("2026-11-25T10:00:00+08:00"), "R");
        keys = SIGNED.writeKeyFiles(dir.resolve("keys"));
        terminal = Files.write(dir.resolve("terminal-events.ndjson"), stories.terminal);
        normalised = Files.write(dir.resolve("provider-events.ndjson"), stories.normalised);
        wechat = Files.write(dir.resolve("wechat-notifications.ndjson"), reversed(stories.wechat));
        alipay = Files.write(dir.resolve("alipay-notifications.ndjson"), reversed(stories.alipay));
    }

    @Test
    void rawNotificationsDecideWhatTheirNormalisedEventsDecide() throws Exception {
        Path normalisedOut = dir.resolve("out-normalised");
        Replay.Summary expected =
                Replay.run(
                        terminal,
                        normalised,
                        normalisedOut,
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        TestClusters.loopbackConf());

        PayerIds payerIds = ProviderKeys.payerIds(keys.payerSecret(), null);
        Replay.Inputs inputs =
                new Replay.Inputs(
                        terminal,
                        null,
                        List.of(
                                new Replay.RawInput(
                                        RawFormat.WECHAT_NOTIFICATIONS,
                                        wechat,
                                        ProviderKeys.wechat(
                                                        keys.apiV3Key(),
                                                        List.of(keys.wechatPlatformKeySpec()),
                                                        payerIds)
                                                ::adapt),
                                new Replay.RawInput(
                                        RawFormat.ALIPAY_NOTIFICATIONS,
                                        alipay,
                                        ProviderKeys.alipay(
                                                        keys.alipayPublicKey(),
                                                        List.of(RawStories.ALI_APP_ID),
                                                        List.of(RawStories.ALI_SELLER),
                                                        payerIds)
                                                ::adapt)));
        Path rawOut = dir.resolve("out-raw");
        Replay.Summary raw =
                Replay.run(
                        inputs,
                        rawOut,
                        DetectorConfig.defaults(),
                        AsOf.horizon(),
                        TestClusters.loopbackConf());

        // The same alerts and refunds, with the same ids, whichever way the provider side came.
        List<Alert> alerts = read(rawOut.resolve(ReplayIO.ALERTS_FILE), Alert.class);
        assertThat(alerts.stream().map(RawNotificationsReplayITCase::decision))
                .containsExactlyInAnyOrderElementsOf(
                        read(normalisedOut.resolve(ReplayIO.ALERTS_FILE), Alert.class).stream()
                                .map(RawNotificationsReplayITCase::decision)
                                .toList());
        Set<String> decided = new TreeSet<>();
        for (Alert a : alerts) {
            decided.add(a.outTradeNo() + " " + a.type() + " " + a.action());
        }
        assertThat(decided).isEqualTo(stories.expectedAlerts);
        assertThat(canonical(rawOut.resolve(ReplayIO.REFUNDS_FILE)))
                .hasSize(3)
                .isEqualTo(canonical(normalisedOut.resolve(ReplayIO.REFUNDS_FILE)));

        // Notifications: those of the alerts and early warnings are the same; each provider
        // notice adds one OPS notification.
        List<Notification> notes =
                read(rawOut.resolve(ReplayIO.NOTIFICATIONS_FILE), Notification.class);
        List<Notification> notices =
                notes.stream().filter(n -> NoticeKind.byName(n.kind()) != null).toList();
        assertThat(notices)
                .extracting(n -> n.outTradeNo() + " " + n.kind() + " " + n.severity())
                .containsExactlyInAnyOrder(
                        stories.order("W2") + " REFUND_ABNORMAL HIGH",
                        stories.order("A3") + " TRADE_FINISHED INFO");
        assertThat(notices)
                .allSatisfy(
                        n -> {
                            assertThat(n.channel()).isEqualTo(Notification.Channel.OPS);
                            assertThat(n.alertId()).isNull();
                            assertThat(n.text().zh()).containsPattern("[\\u4E00-\\u9FFF]");
                        });
        assertThat(notices.stream().filter(n -> n.kind().equals("REFUND_ABNORMAL")))
                .singleElement()
                .satisfies(n -> assertThat(n.text().zh()).contains("退款异常，请人工处理"));
        List<String> others = new ArrayList<>();
        for (String line : Files.readAllLines(rawOut.resolve(ReplayIO.NOTIFICATIONS_FILE))) {
            if (!line.contains("REFUND_ABNORMAL") && !line.contains("TRADE_FINISHED")) {
                others.add(line);
            }
        }
        assertThat(canonical(others))
                .isNotEmpty()
                .isEqualTo(canonical(normalisedOut.resolve(ReplayIO.NOTIFICATIONS_FILE)));

        // Each bad record is exactly one dead letter, from its file and line, with its reason.
        Map<String, String> expectedDead = new TreeMap<>();
        for (Map.Entry<String, String> bad : stories.bad.entrySet()) {
            Path file = stories.wechat.contains(bad.getKey()) ? wechat : alipay;
            int line = Files.readAllLines(file).indexOf(bad.getKey()) + 1;
            expectedDead.put(file.getFileName() + ":" + line, bad.getValue());
        }
        List<DeadLetter> dead = read(rawOut.resolve(ReplayIO.DEAD_LETTERS_FILE), DeadLetter.class);
        Map<String, String> actualDead = new TreeMap<>();
        for (DeadLetter d : dead) {
            assertThat(actualDead.put(d.source() + ":" + d.line(), d.reason())).isNull();
        }
        assertThat(actualDead.keySet()).isEqualTo(expectedDead.keySet());
        expectedDead.forEach(
                (where, reason) -> assertThat(actualDead.get(where)).as(where).contains(reason));

        // The summary counts what was read per input and what came out.
        assertThat(raw.terminalRecords()).isEqualTo(stories.terminal.size());
        assertThat(raw.providerRecords()).isZero();
        assertThat(raw.rawRecords())
                .containsExactly(
                        Map.entry(RawFormat.WECHAT_NOTIFICATIONS, (long) stories.wechat.size()),
                        Map.entry(RawFormat.ALIPAY_NOTIFICATIONS, (long) stories.alipay.size()));
        assertThat(raw.recordsRead())
                .isEqualTo(stories.terminal.size() + stories.wechat.size() + stories.alipay.size());
        assertThat(raw.deadLetters()).isEqualTo(stories.bad.size()).isEqualTo(6);
        assertThat(raw.providerNotices()).isEqualTo(2);
        assertThat(raw.notifications()).isEqualTo(expected.notifications() + 2);
        assertThat(raw.alertsByType()).isEqualTo(expected.alertsByType());
        assertThat(raw.refundRequests()).isEqualTo(expected.refundRequests());
        assertThat(raw.earlyWarnings()).isEqualTo(expected.earlyWarnings()).isEqualTo(3);
        // Newest first: the scan had to adapt the files to find how late their events come.
        assertThat(raw.maxLatenessMillis()).isGreaterThan(3_600_000);
        assertThat(raw.lateEvents()).as("events behind the watermark").isZero();

        // No payer id and no key material in any output, in clear or form-encoded.
        for (String file :
                List.of(
                        ReplayIO.ALERTS_FILE,
                        ReplayIO.REFUNDS_FILE,
                        ReplayIO.NOTIFICATIONS_FILE,
                        ReplayIO.DEAD_LETTERS_FILE)) {
            String text = Files.readString(rawOut.resolve(file));
            for (String payer : stories.payerIds) {
                // A logon id is e-mail-like: its local part alone must not show either.
                int at = payer.indexOf('@');
                assertThat(text)
                        .as("%s must not hold a payer id", file)
                        .doesNotContain(at > 0 ? payer.substring(0, at) : payer);
            }
            assertThat(text)
                    .doesNotContain(SIGNED.apiV3KeyText())
                    .doesNotContain(SignedNotifications.PAYER_SECRET);
        }
        assertThat(Files.readString(rawOut.resolve(ReplayIO.DEAD_LETTERS_FILE)))
                .contains("buyer_id=***")
                .contains("buyer_logon_id=***");
    }

    /** An alert without its evidence (whose event ids depend on the format) and wall clock. */
    private static String decision(Alert a) {
        return a.alertId()
                + " "
                + a.action()
                + " "
                + a.amountMinor()
                + " "
                + a.currency()
                + " "
                + a.verdict()
                + " "
                + a.decidedAt()
                + " "
                + a.resolvesAlertId();
    }

    private static List<String> reversed(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        Collections.reverse(copy);
        return copy;
    }

    private static List<String> canonical(Path file) throws IOException {
        return canonical(Files.readAllLines(file));
    }

    /** The records without the wall-clock field, sorted. */
    private static List<String> canonical(List<String> lines) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (!line.isBlank()) {
                ObjectNode node = (ObjectNode) Json.mapper().readTree(line);
                node.remove("emitted_at");
                out.add(node.toString());
            }
        }
        Collections.sort(out);
        return out;
    }

    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(Json.read(line, type));
            }
        }
        return out;
    }
}
