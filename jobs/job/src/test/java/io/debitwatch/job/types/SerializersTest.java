package io.debitwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.job.KeyedFact;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SerializersTest {

    private static final Fact DEBIT =
            new Fact(
                    "pe-1",
                    1_764_036_000_000L,
                    Fact.Kind.P_REFUNDED,
                    Fact.Origin.NOTIFY,
                    3999,
                    "CNY",
                    "4200002601202611250002",
                    "RF-1",
                    2000);

    private static final Fact REQUEST =
            new Fact(
                    "te-1",
                    1_764_036_000_000L,
                    Fact.Kind.T_PAY_REQUEST,
                    Fact.Origin.PAY_REQUEST,
                    -1,
                    null,
                    null,
                    null,
                    -1);

    static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return back;
    }

    @Test
    void factsSurviveTheRoundTripWithAndWithoutOptionalFields() throws IOException {
        assertThat(roundTrip(FactSerializer.INSTANCE, DEBIT)).isEqualTo(DEBIT);
        assertThat(roundTrip(FactSerializer.INSTANCE, REQUEST)).isEqualTo(REQUEST);
        for (Fact.Kind kind : Fact.Kind.values()) {
            Fact f = new Fact("x", 1, kind, Fact.Origin.STATEMENT, 0, "CNY", null, null, -1);
            assertThat(roundTrip(FactSerializer.INSTANCE, f)).isEqualTo(f);
        }
    }

    @Test
    void keyedFactsAndOrderStateSurviveTheRoundTrip() throws IOException {
        KeyedFact k = new KeyedFact("WECHAT:10:1900000109DW|1", DEBIT);
        assertThat(roundTrip(KeyedFactSerializer.INSTANCE, k)).isEqualTo(k);
        OrderState s =
                new OrderState(
                        1_764_036_000_000L, 0b1010, List.of(REQUEST, DEBIT), 1_764_000_000_000L);
        assertThat(roundTrip(OrderStateSerializer.INSTANCE, s)).isEqualTo(s);
    }

    @Test
    void manyFactsAreNotTruncated() throws IOException {
        List<Fact> many = new java.util.ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            many.add(REQUEST);
        }
        OrderState big = new OrderState(0, 0, many, Long.MIN_VALUE);
        assertThat(roundTrip(OrderStateSerializer.INSTANCE, big).facts()).hasSize(70_000);
    }

    @Test
    void storedCodesDoNotDependOnEnumOrder() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        FactSerializer.INSTANCE.serialize(DEBIT, out);
        byte[] bytes = out.getCopyOfBuffer();
        // version, event id (length + 4 chars), time: the kind's code follows.
        int kindAt = 1 + 1 + 4 + 8;
        assertThat(bytes[kindAt]).as("P_REFUNDED's stored code").isEqualTo((byte) 12);
        assertThat(bytes[kindAt + 1]).as("NOTIFY's stored code").isEqualTo((byte) 4);
    }

    @Test
    void anUnknownFormatVersionIsRefusedNotMisread() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {9, 0, 0, 0});
        assertThatThrownBy(() -> FactSerializer.INSTANCE.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void snapshotsRestoreTheSameSerializerAsCompatible() throws IOException {
        TypeSerializerSnapshot<Fact> snapshot = FactSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<Fact> restored = new FactSerializer.Snapshot();
        restored.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isSameAs(FactSerializer.INSTANCE);
        TypeSerializerSchemaCompatibility<Fact> compat =
                FactSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(restored);
        assertThat(compat.isCompatibleAsIs()).isTrue();
    }
}
