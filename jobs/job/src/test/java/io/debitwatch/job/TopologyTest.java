package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.detect.DetectorConfig;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.RefundRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one topology ({@link Topology#build}) on a MiniCluster with in-memory sources and sinks
 * ({@link InMemoryJobIO}): the bundled sample of stories gives the hand-written alerts and early
 * warnings, one refund per refund alert, and a dead letter for each bad line.
 */
class TopologyTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    @Test
    void theSampleStoriesGiveTheirAlertsRefundsNotificationsAndDeadLetters() throws Exception {
        InMemoryJobIO io =
                InMemoryJobIO.of(
                        lines("sample/terminal-events.ndjson"),
                        lines("sample/provider-events.ndjson"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Topology.build(
                env,
                io,
                TopologySettings.replay(DetectorConfig.defaults(), OrderDetector.AS_OF_HORIZON));
        env.execute("topology-test");

        Set<String> expected = new TreeSet<>();
        for (String line : lines("sample/expected.ndjson")) {
            JsonNode e = Json.mapper().readTree(line);
            expected.add(
                    String.join(
                            " ",
                            e.get("out_trade_no").asText(),
                            e.get("type").asText(),
                            e.get("action").asText(),
                            Long.toString(e.get("amount_minor").asLong()),
                            Instant.parse(e.get("decided_at").asText()).toString()));
        }
        Set<String> actual = new TreeSet<>();
        for (Alert a : io.alerts()) {
            actual.add(
                    String.join(
                            " ",
                            a.outTradeNo(),
                            a.type().name(),
                            String.valueOf(a.action()),
                            String.valueOf(a.amountMinor()),
                            a.decidedAt().toString()));
        }
        List<Notification> notifications = io.notifications();
        for (Notification n : notifications) {
            if (n.kind().equals("EARLY_WARNING")) {
                actual.add(
                        String.join(
                                " ",
                                n.outTradeNo(),
                                "EARLY_WARNING null",
                                String.valueOf(n.amountMinor()),
                                n.decidedAt().toString()));
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(io.alerts().stream().map(Alert::type).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(AlertType.class));

        List<String> refundAlertIds =
                io.alerts().stream()
                        .filter(a -> a.action().name().equals("REFUND"))
                        .map(Alert::alertId)
                        .sorted()
                        .toList();
        assertThat(io.refunds().stream().map(RefundRequest::alertId).sorted().toList())
                .isEqualTo(refundAlertIds)
                .hasSize(10);
        // The same counts as the replay of the sample prints.
        assertThat(io.alerts()).hasSize(19);
        assertThat(notifications).hasSize(40);
        assertThat(notifications.stream().filter(n -> n.kind().equals("EARLY_WARNING"))).hasSize(7);
        assertThat(io.deadLetters()).hasSize(6);
        assertThat(io.deadLetters().stream().map(DeadLetter::reason)).allMatch(r -> !r.isBlank());
        assertThat(io.openOrders()).isEmpty();
    }

    private static List<String> lines(String resource) {
        try (InputStream in = TopologyTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
