package io.debitwatch.job.types;

import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.FactBound;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.model.Action;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Serializes an open order's {@link OrderState}: bookkeeping and facts. */
public final class OrderStateSerializer extends ImmutableSerializer<OrderState> {

    private static final long serialVersionUID = 1L;

    public static final OrderStateSerializer INSTANCE = new OrderStateSerializer();

    /**
     * 2 added the emitted UNMATCHED_DEBIT and the overflow flag (SPEC §4a.3, §4a.4); version 1
     * states are still read, as states without either.
     */
    private static final int VERSION = 2;

    private static final Action[] ACTIONS = {
        Action.REFUND, Action.REVIEW, Action.QUERY, Action.NONE
    };

    /** Far above what the detector keeps ({@link FactBound#HARD_MAX}). */
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
        out.writeBoolean(s.overflow());
        Detector.Prior prior = s.prior();
        out.writeBoolean(prior != null);
        if (prior != null) {
            out.writeLong(prior.decidedAt());
            out.writeByte(actionCode(prior.action()));
            out.writeLong(prior.amountMinor());
            StringValue.writeString(prior.currency(), out);
            StringValue.writeString(prior.debitTxnId(), out);
            out.writeLong(prior.debitAmountMinor());
        }
        List<Fact> facts = s.facts();
        out.writeInt(facts.size());
        for (Fact f : facts) {
            FactSerializer.INSTANCE.serialize(f, out);
        }
    }

    @Override
    public OrderState deserialize(DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION && version != 1) {
            throw new IOException("unknown OrderState format version " + version);
        }
        long t0 = in.readLong();
        int emitted = in.readInt();
        long closedAt = in.readLong();
        boolean overflow = false;
        Detector.Prior prior = null;
        if (version >= 2) {
            overflow = in.readBoolean();
            if (in.readBoolean()) {
                prior =
                        new Detector.Prior(
                                in.readLong(),
                                ACTIONS[in.readByte()],
                                in.readLong(),
                                StringValue.readString(in),
                                StringValue.readString(in),
                                in.readLong());
            }
        }
        int n = in.readInt();
        if (n < 0 || n > MAX_FACTS) {
            throw new IOException("corrupt OrderState: " + n + " facts");
        }
        List<Fact> facts = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            facts.add(FactSerializer.INSTANCE.deserialize(in));
        }
        return new OrderState(t0, emitted, facts, closedAt, prior, overflow);
    }

    private static int actionCode(Action action) {
        for (int i = 0; i < ACTIONS.length; i++) {
            if (ACTIONS[i] == action) {
                return i;
            }
        }
        throw new IllegalArgumentException("no stored code for " + action);
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
