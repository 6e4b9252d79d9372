package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.job.adapt.AdaptedRecord;
import io.debitwatch.job.adapt.SourceFormat;
import io.debitwatch.job.io.ClockSkew;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The one Kafka deserializer ({@link AdaptingDeserializer}) on the topic of terminal events. */
class TerminalEventDeserializerTest {

    private static final String GOOD =
            "{\"event_id\":\"te-1\",\"event_time\":\"2026-11-25T10:00:00+08:00\","
                    + "\"provider\":\"WECHAT\",\"merchant_id\":\"m1\",\"terminal_id\":\"POS-1\","
                    + "\"out_trade_no\":\"o1\",\"type\":\"PAY_REQUEST\",\"amount_minor\":100,"
                    + "\"currency\":\"CNY\"}";

    /** Read at 2026-11-25T02:00:00Z with five minutes of skew allowed. */
    private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

    private final ClockSkew clockSkew =
            new ClockSkew(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    private final AdaptingDeserializer deserializer =
            new AdaptingDeserializer(SourceFormat.TERMINAL_EVENTS, clockSkew);

    private AdaptedRecord deserialize(byte[] value) throws Exception {
        List<AdaptedRecord> out = new ArrayList<>();
        deserializer.deserialize(
                new ConsumerRecord<>("terminal-events", 3, 42L, null, value),
                new Collector<>() {
                    @Override
                    public void collect(AdaptedRecord record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private DeadLetter dead(byte[] value) throws Exception {
        AdaptedRecord e = deserialize(value);
        assertThat(e.deadLetter() != null).isTrue();
        DeadLetter d = e.deadLetter();
        assertThat(d.topic()).isEqualTo("terminal-events");
        assertThat(d.partition()).isEqualTo(3);
        assertThat(d.offset()).isEqualTo(42L);
        assertThat(d.line()).isNull();
        return d;
    }

    @Test
    void deliversAValidEvent() throws Exception {
        AdaptedRecord e = deserialize(GOOD.getBytes(StandardCharsets.UTF_8));
        assertThat(e.terminal() != null).isTrue();
        assertThat(e.terminal().eventId()).isEqualTo("te-1");
    }

    @Test
    void recordThatIsNotUtf8IsADeadLetterWithItsPosition() throws Exception {
        byte[] bytes = GOOD.getBytes(StandardCharsets.UTF_8);
        bytes[10] = (byte) 0xC3; // a lead byte followed by ASCII: malformed
        assertThat(dead(bytes).reason()).isEqualTo("not valid UTF-8");
    }

    @Test
    void recordThatIsNotJsonIsADeadLetter() throws Exception {
        assertThat(dead("this is not json".getBytes(StandardCharsets.UTF_8)).reason()).isNotBlank();
    }

    @Test
    void invalidEventIsADeadLetterWithTheParsersReason() throws Exception {
        String bad = GOOD.replace("\"WECHAT\"", "\"PAYPAL\"");
        assertThat(dead(bad.getBytes(StandardCharsets.UTF_8)).reason()).contains("PAYPAL");
    }

    @Test
    void emptyAndTombstoneRecordsAreDeadLetters() throws Exception {
        assertThat(dead(null).reason()).isEqualTo("empty record");
        assertThat(dead(new byte[0]).reason()).isEqualTo("empty record");
    }

    @Test
    void oversizeRecordIsADeadLetterWithABoundedRawText() throws Exception {
        byte[] huge = new byte[4 * EventParser.MAX_RECORD_CHARS + 1];
        Arrays.fill(huge, (byte) 'x');
        DeadLetter d = dead(huge);
        assertThat(d.reason()).startsWith("oversize record");
        assertThat(d.raw().length()).isLessThan(5_000);
    }

    @Test
    void eventAheadOfTheClockIsACountedDeadLetterWithItsPosition() throws Exception {
        SimpleCounter future = new SimpleCounter();
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public UnregisteredMetricsGroup getMetricGroup() {
                        return new UnregisteredMetricsGroup() {
                            @Override
                            public Counter counter(String name) {
                                return name.equals("futureEventsDeadLettered")
                                        ? future
                                        : new SimpleCounter();
                            }
                        };
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        throw new UnsupportedOperationException();
                    }
                });
        // GOOD is at 02:00:00Z; five minutes ahead is still accepted, a second more is not.
        String inFiveMinutes = GOOD.replace("10:00:00+08:00", "10:05:00+08:00");
        assertThat(deserialize(inFiveMinutes.getBytes(StandardCharsets.UTF_8)).terminal())
                .isNotNull();
        String tooFar = GOOD.replace("10:00:00+08:00", "10:05:01+08:00");
        assertThat(dead(tooFar.getBytes(StandardCharsets.UTF_8)).reason())
                .isEqualTo(
                        "event_time 2026-11-25T02:05:01Z is 5 min 1 s ahead of the clock"
                                + " (max-clock-skew 5 min)");
        String in2099 = GOOD.replace("2026-11-25T10:00:00+08:00", "2099-01-01T00:00:00Z");
        assertThat(dead(in2099.getBytes(StandardCharsets.UTF_8)).reason())
                .startsWith("event_time 2099-01-01T00:00:00Z is ")
                .contains(" ahead of the clock");
        assertThat(future.getCount()).isEqualTo(2);
    }
}
