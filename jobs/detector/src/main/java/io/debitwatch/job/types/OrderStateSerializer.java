package io.debitwatch.job.types;

import io.debitwatch.core.detect.Fact;
import io.debitwatch.job.OrderState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes an open order's {@link OrderState}: bookkeeping and facts. */
public final class OrderStateSerializer extends ImmutableSerializer<OrderState> {

    private static final long serialVersionUID = 1L;

    public static final OrderStateSerializer INSTANCE = new OrderStateSerializer();

    private static final int VERSION = 1;

    /** Far above what the detector keeps ({@code OrderDetector.MAX_FACTS_PER_ORDER}). */
    private static final int MAX_FACTS = 1 << 20;

    @Override
    public OrderState createInstance() {
        return new OrderState(0, 0, List.of(), Long.MIN_VALUE);
    }

    @Override
    public void serialize(OrderState s, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        out.writeLong(s.t0());
        out.writeInt(s.emitted());
        out.writeLong(s.closedAt());
        List<Fact> facts = s.facts();
        out.writeInt(facts.size());
        for (Fact f : facts) {
            FactSerializer.INSTANCE.serialize(f, out);
        }
    }

    @Override
    public OrderState deserialize(DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("unknown OrderState format version " + version);
        }
        long t0 = in.readLong();
        int emitted = in.readInt();
        long closedAt = in.readLong();
        int n = in.readInt();
        if (n < 0 || n > MAX_FACTS) {
            throw new IOException("corrupt OrderState: " + n + " facts");
        }
        List<Fact> facts = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            facts.add(FactSerializer.INSTANCE.deserialize(in));
        }
        return new OrderState(t0, emitted, facts, closedAt);
    }

    @Override
    public TypeSerializerSnapshot<OrderState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
