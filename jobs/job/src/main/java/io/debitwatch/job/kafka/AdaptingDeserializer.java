package io.debitwatch.job.kafka;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.io.ClockSkew;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one Kafka deserializer of the job: each record of a topic becomes the elements of its {@link
 * SourceFormat} in the source (parse, or verify, decrypt and map; see {@link AdaptedRecord} for why
 * here): its events, with their event times for the partition's watermark (an event too far ahead
 * of the clock becomes a dead letter: {@link ClockSkew}); the notification of a notice; or exactly
 * one dead letter with topic, partition and offset (empty, oversize, not UTF-8, invalid). Never
 * throws: an exception here would fail the source and restart the job on the same record forever.
 */
public final class AdaptingDeserializer implements KafkaRecordDeserializationSchema<AdaptedRecord> {

    private static final long serialVersionUID = 1L;

    private final SourceFormat format;
    private final ClockSkew clockSkew;

    public AdaptingDeserializer(SourceFormat format, ClockSkew clockSkew) {
        this.format = format;
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
        format.expand(
                decoded.text(),
                decoded.reason(),
                reason -> DeadLetters.fromKafka(topic, partition, offset, decoded.raw(), reason),
                clockSkew,
                out);
    }

    @Override
    public TypeInformation<AdaptedRecord> getProducedType() {
        return AdaptedRecord.TYPE;
    }
}
