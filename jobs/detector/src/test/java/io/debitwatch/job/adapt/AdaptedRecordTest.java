package io.debitwatch.job.adapt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.json.DeadLetters;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.ProviderSource;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.providers.Adapted;
import java.io.IOException;
import java.time.Instant;
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
    private static final AdaptedRecord.DeadLetterOf DEAD =
            reason -> DeadLetters.fromFile("wechat.ndjson", 7, "{\"raw\":1}", reason);

    private static List<AdaptedRecord> expand(Adapted adapted) {
        List<AdaptedRecord> out = new ArrayList<>();
        AdaptedRecord.expand(adapted, DEAD, NOW, out::add);
        return out;
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
        assertThatThrownBy(() -> new AdaptedRecord(null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        DeadLetter d = DEAD.withReason("x");
        assertThatThrownBy(() -> new AdaptedRecord(DEBIT, d, null))
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
