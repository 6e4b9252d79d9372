package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class OutputHeadersTest {

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            assertThat(m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8))).isNull();
        }
        return m;
    }

    @Test
    void anAlertCarriesItsTypeProviderMerchantSeverityAndSchema() {
        Alert alert =
                new Alert(
                        "UNMATCHED_DEBIT-0123456789abcdef0123456789abcdef",
                        AlertType.UNMATCHED_DEBIT,
                        Action.REFUND,
                        Provider.ALIPAY,
                        "2088102146225135",
                        "订单-1",
                        3999L,
                        "CNY",
                        "FAILED",
                        Instant.parse("2026-11-25T02:01:00Z"),
                        Instant.parse("2026-11-25T02:01:00.120Z"),
                        null,
                        null,
                        null,
                        List.of());
        ProducerRecord<byte[], byte[]> r =
                new JsonRecordSerializer<Alert>("alerts", a -> "k", OutputHeaders::alert)
                        .serialize(alert, null, null);
        assertThat(headers(r))
                .containsExactly(
                        Map.entry("schema", "alert/1"),
                        Map.entry("type", "UNMATCHED_DEBIT"),
                        Map.entry("provider", "ALIPAY"),
                        Map.entry("merchant_id", "2088102146225135"),
                        Map.entry("severity", "CRITICAL"));
    }

    @Test
    void aDeadLetterSaysOnlyWhereItCameFrom() {
        DeadLetter d = new DeadLetter("terminal-events", "bad json", "{", null, "t", 0, 7L);
        ProducerRecord<byte[], byte[]> r =
                new JsonRecordSerializer<DeadLetter>("dl", x -> null, OutputHeaders::deadLetter)
                        .serialize(d, null, null);
        assertThat(headers(r))
                .containsExactly(
                        Map.entry("schema", "dead-letter/1"),
                        Map.entry("source", "terminal-events"));
        assertThat(r.key()).isNull();
    }
}
