package io.debitwatch.job.kafka;

import io.debitwatch.core.json.Json;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an output record as one JSON object per Kafka record, keyed by its order key ({@code
 * PROVIDER/merchant/order}) so that all records of an order land in one partition, in order, with
 * the headers of {@link OutputHeaders}.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** The record key of an output, or null for none (round-robin). */
    @FunctionalInterface
    public interface KeyOf<T> extends Serializable {
        String key(T value);
    }

    private final String topic;
    private final KeyOf<T> keyOf;
    private final OutputHeaders.Of<T> headersOf;

    public JsonRecordSerializer(String topic, KeyOf<T> keyOf, OutputHeaders.Of<T> headersOf) {
        this.topic = topic;
        this.keyOf = keyOf;
        this.headersOf = headersOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.key(element);
        // No record timestamp: the producer stamps the wall clock. The element's Flink timestamp
        // is an event time (a horizon can lie a day after the last event) and a broker refuses
        // records more than log.message.timestamp.after.max.ms (1 h by default) in the future,
        // which would fail the sink and restart the job forever. decided_at is in the record.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                Json.write(element).getBytes(StandardCharsets.UTF_8),
                headersOf.headers(element));
    }
}
