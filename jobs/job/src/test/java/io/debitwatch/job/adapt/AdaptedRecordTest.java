package io.debitwatch.job.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.job.io.ClockSkew;
import io.debitwatch.providers.Adapted;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AdaptedRecordTest {

    private static final Instant NOW = Instant.parse("2026-11-25T02:00:05Z");
    private static final ProviderEvent DEBIT =
            new ProviderEvent(
                    "wxn-EV-1",
                    Instant.parse("2026-11-25T02:00:01Z"),
                    Provider.WECHAT,
                    "1900000109",
                    "DW1",
                    "4200000001",
                    ProviderSource.NOTIFY,
                    ProviderStatus.DEBITED,
                    3999,
                    "CNY",
                    3999L,
                    null,
                    null,
                    "h1:00112233445566778899aabbccddeeff",
                    null);

    /** Five minutes of skew allowed, read at {@link #NOW}. */
    private static final ClockSkew SKEW =
            new ClockSkew(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    private static final AdaptedRecord.DeadLetterOf DEAD =
            reason -> DeadLetters.fromFile("wechat.ndjson", 7, "{\"raw\":1}", reason);

    private static List<AdaptedRecord> expand(Adapted adapted) {
        List<AdaptedRecord> out = new ArrayList<>();
        AdaptedRecord.expand(adapted, DEAD, NOW, SKEW, out::add);
        return out;
    }

    @Test
    void anEventAheadOfTheClockIsADeadLetterWithoutEventTime() {
        // Parsed rather than constructed: the same event as DEBIT, dated 2099.
        ProviderEvent future =
                ((Parsed.Ok<ProviderEvent>)
                                EventParser.parseProvider(
                                        Json.write(DEBIT)
                                                .replace(
                                                        DEBIT.eventTime().toString(),
                                                        "2099-01-01T00:00:00Z")))
                        .value();
        assertThat(future.eventTime()).isEqualTo(Instant.parse("2099-01-01T00:00:00Z"));

        List<AdaptedRecord> out = expand(new Adapted.Events(List.of(DEBIT, future)));

        assertThat(out).hasSize(2);
        assertThat(out.get(0).event()).isEqualTo(DEBIT);
        DeadLetter dead = out.get(1).deadLetter();
        assertThat(dead.reason())
                .startsWith("event_time 2099-01-01T00:00:00Z is ")
                .endsWith(" ahead of the clock (max-clock-skew 5 min)");
        assertThat(dead.line()).isEqualTo(7L);
        assertThat(out.get(1).timestamp()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void eventsCarryTheirEventTimeAndNothingElseDoes() {
        List<AdaptedRecord> events = expand(new Adapted.Events(List.of(DEBIT, DEBIT)));
        assertThat(events).hasSize(2).allSatisfy(r -> assertThat(r.event()).isEqualTo(DEBIT));
        assertThat(events.get(0).timestamp()).isEqualTo(DEBIT.eventTime().toEpochMilli());

        AdaptedRecord dead = expand(new Adapted.Rejected("bad signature: x")).get(0);
        assertThat(dead.deadLetter().reason()).isEqualTo("bad signature: x");
        assertThat(dead.deadLetter().line()).isEqualTo(7L);
        assertThat(dead.timestamp()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aNoticeBecomesItsOpsNotification() {
        Adapted.Notice notice =
                new Adapted.Notice(
                        "REFUND_ABNORMAL",
                        Provider.WECHAT,
                        "1900000109",
                        "DW1",
                        Instant.parse("2026-11-25T03:00:00Z"),
                        "RF-1",
                        500L,
                        "CNY",
                        "detail");
        AdaptedRecord r = expand(notice).get(0);
        Notification n = r.notice();
        assertThat(n.channel()).isEqualTo(Notification.Channel.OPS);
        assertThat(n.kind()).isEqualTo("REFUND_ABNORMAL");
        assertThat(n.severity()).isEqualTo(Notification.Severity.HIGH);
        assertThat(n.decidedAt()).isEqualTo(Instant.parse("2026-11-25T03:00:00Z"));
        assertThat(n.emittedAt()).isEqualTo(NOW);
        assertThat(r.timestamp()).isEqualTo(Long.MIN_VALUE);

        // Without a time of its own, the notice is decided when the job saw it.
        Adapted.Notice timeless =
                new Adapted.Notice(
                        "TRADE_FINISHED",
                        Provider.ALIPAY,
                        "2088",
                        "A1",
                        null,
                        null,
                        null,
                        "CNY",
                        "detail");
        assertThat(expand(timeless).get(0).notice().decidedAt()).isEqualTo(NOW);
    }

    @Test
    void aNoticeWithoutNotificationIsADeadLetterNotLost() {
        Adapted.Notice unknown =
                new Adapted.Notice(
                        "SETTLEMENT_DELAYED",
                        Provider.WECHAT,
                        "1900000109",
                        "DW1",
                        NOW,
                        null,
                        null,
                        null,
                        "x");
        assertThat(expand(unknown).get(0).deadLetter().reason()).contains("SETTLEMENT_DELAYED");
        Adapted.Notice orderless =
                new Adapted.Notice(
                        "REFUND_CLOSED", Provider.WECHAT, null, null, NOW, null, null, null, "x");
        assertThat(expand(orderless).get(0).deadLetter().reason()).contains("names no order");
    }

    @Test
    void holdsExactlyOneThing() {
        assertThatThrownBy(() -> new AdaptedRecord(null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        DeadLetter d = DEAD.withReason("x");
        assertThatThrownBy(() -> new AdaptedRecord(null, DEBIT, d, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A POJO for Flink: its serializer works with generic types (Kryo) disabled. */
    @Test
    void isAFlinkPojoThatSurvivesSerializationWithoutKryo() throws IOException {
        assertThat(AdaptedRecord.TYPE).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<AdaptedRecord> serializer = AdaptedRecord.TYPE.createSerializer(config);
        List<AdaptedRecord> records = new ArrayList<>();
        records.add(AdaptedRecord.ofEvent(DEBIT));
        records.add(AdaptedRecord.ofDeadLetter(DEAD.withReason("stale notification")));
        records.addAll(
                expand(
                        new Adapted.Notice(
                                "REFUND_CLOSED",
                                Provider.WECHAT,
                                "1900000109",
                                "DW1",
                                NOW,
                                "RF-1",
                                null,
                                null,
                                "x")));
        for (AdaptedRecord r : records) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(r, out);
            DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
            assertThat(serializer.deserialize(in)).isEqualTo(r);
            assertThat(in.available()).isZero();
        }
    }
}
