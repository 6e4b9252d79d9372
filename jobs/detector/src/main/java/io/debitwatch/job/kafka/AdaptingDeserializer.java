package io.debitwatch.job.kafka;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.RawFormat;
import io.debitwatch.job.adapt.RecordAdapter;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.providers.Adapted;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Adapts each record of a raw provider topic in the source (verify, decrypt, map; see {@link
 * AdaptedRecord} for why here): its provider events, with their event times for the partition's
 * watermark (an event too far ahead of the clock becomes a dead letter: {@link ClockSkew}); the
 * notification of a notice; or exactly one dead letter with topic, partition and offset. Never
 * throws: an exception here would fail the source and restart the job on the same record forever.
 */
public final class AdaptingDeserializer implements KafkaRecordDeserializationSchema<AdaptedRecord> {

    private static final long serialVersionUID = 1L;

    private final RawFormat format;
    private final RecordAdapter adapter;
    private final ClockSkew clockSkew;

    public AdaptingDeserializer(RawFormat format, RecordAdapter adapter, ClockSkew clockSkew) {
        this.format = format;
        this.adapter = adapter;
        this.clockSkew = clockSkew;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        clockSkew.countInto(context.getMetricGroup());
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AdaptedRecord> out) {
        adapt(record.topic(), record.partition(), record.offset(), record.value(), out::collect);
    }

    void adapt(
            String topic, int partition, long offset, byte[] value, Consumer<AdaptedRecord> out) {
        RecordText decoded = RecordText.of(value, format.maxRecordChars());
        Adapted adapted;
        if (decoded.reason() != null) {
            adapted = new Adapted.Rejected(decoded.reason());
        } else {
            try {
                adapted = adapter.adapt(decoded.text());
            } catch (RuntimeException e) {
                // Adapters promise not to throw; if one does, the record is still one dead letter.
                // The class only: a message might quote the record.
                adapted = new Adapted.Rejected("cannot adapt: " + e.getClass().getName());
            }
        }
        AdaptedRecord.expand(
                adapted,
                reason -> DeadLetters.fromKafka(topic, partition, offset, decoded.raw(), reason),
                Instant.now(),
                clockSkew,
                out);
    }

    @Override
    public TypeInformation<AdaptedRecord> getProducedType() {
        return AdaptedRecord.TYPE;
    }
}
