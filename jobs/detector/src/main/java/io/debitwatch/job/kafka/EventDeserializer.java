package io.debitwatch.job.kafka;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.job.io.NdjsonEventFormat.RecordParser;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each Kafka record into the parsed event or the dead letter it is, with its topic, partition
 * and offset. It never throws: an exception here would fail the source and restart the job on the
 * same record forever, so every bad record (empty, oversize, not UTF-8, not valid JSON, invalid
 * event, an event_time too far ahead of the clock: {@link ClockSkew}) becomes exactly one dead
 * letter.
 */
public final class EventDeserializer<T>
        implements KafkaRecordDeserializationSchema<Either<DeadLetter, T>> {

    private static final long serialVersionUID = 1L;

    /** Larger records are refused before decoding: 4 bytes per char covers any UTF-8 text. */
    static final int MAX_RECORD_BYTES = 4 * EventParser.MAX_RECORD_CHARS;

    private final RecordParser<T> parser;
    private final Class<T> type;
    private final ClockSkew.EventTimeOf<T> eventTime;
    private final ClockSkew clockSkew;

    public EventDeserializer(
            RecordParser<T> parser,
            Class<T> type,
            ClockSkew.EventTimeOf<T> eventTime,
            ClockSkew clockSkew) {
        this.parser = parser;
        this.type = type;
        this.eventTime = eventTime;
        this.clockSkew = clockSkew;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        clockSkew.countInto(context.getMetricGroup());
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, T>> out) {
        out.collect(parse(record.topic(), record.partition(), record.offset(), record.value()));
    }

    Either<DeadLetter, T> parse(String topic, int partition, long offset, byte[] value) {
        RecordText decoded = RecordText.of(value, EventParser.MAX_RECORD_CHARS);
        if (decoded.reason() != null) {
            return dead(topic, partition, offset, decoded.raw(), decoded.reason());
        }
        String text = decoded.text();
        Parsed<T> parsed;
        try {
            parsed = parser.parse(text);
        } catch (RuntimeException e) {
            // The parser promises not to throw; if it ever does, the record is still only one
            // dead letter, not a job restart loop.
            return dead(topic, partition, offset, text, "cannot parse: " + e);
        }
        if (parsed instanceof Parsed.Ok<T> ok) {
            String ahead = clockSkew.reject(eventTime.of(ok.value()));
            return ahead == null
                    ? Either.Right(ok.value())
                    : dead(topic, partition, offset, text, ahead);
        }
        return dead(topic, partition, offset, text, ((Parsed.Bad<T>) parsed).reason());
    }

    private static <T> Either<DeadLetter, T> dead(
            String topic, int partition, long offset, String raw, String reason) {
        return Either.Left(DeadLetters.fromKafka(topic, partition, offset, raw, reason));
    }

    @Override
    public TypeInformation<Either<DeadLetter, T>> getProducedType() {
        return Types.EITHER(TypeInformation.of(DeadLetter.class), TypeInformation.of(type));
    }
}
