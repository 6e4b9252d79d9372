package io.debitwatch.job.types;

import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.FactBound;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.detect.TerminalTrace;
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
     * 2 added the emitted UNMATCHED_DEBIT and the overflow flag (SPEC §4a.3, §4a.4); 3 the order's
     * terminal context ({@link TerminalTrace}). Versions 1 and 2 are still read, as states without
     * what they lacked.
     */
    private static final int VERSION = 3;

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
        writeTerminal(s.terminal(), s.t0(), out);
        List<Fact> facts = s.facts();
        out.writeInt(facts.size());
        for (Fact f : facts) {
            FactSerializer.INSTANCE.serialize(f, out);
        }
    }

    @Override
    public OrderState deserialize(DataInputView in) throws IOException {
        int version = in.readByte();
        if (version < 1 || version > VERSION) {
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
        TerminalTrace terminal = version >= 3 ? readTerminal(t0, in) : null;
        int n = in.readInt();
        if (n < 0 || n > MAX_FACTS) {
            throw new IOException("corrupt OrderState: " + n + " facts");
        }
        List<Fact> facts = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            facts.add(FactSerializer.INSTANCE.deserialize(in));
        }
        return new OrderState(t0, emitted, facts, closedAt, prior, overflow, terminal);
    }

    /**
     * A presence flag, then each value and, when there is one, its event time as a variable-length
     * distance from {@code t0}: a few bytes instead of eight, as all of an order's times are close.
     */
    private static void writeTerminal(TerminalTrace t, long t0, DataOutputView out)
            throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            writeStamped(t.storeId(), t.storeAt(), t0, out);
            writeStamped(t.terminalId(), t.terminalAt(), t0, out);
            writeStamped(t.appVersion(), t.appAt(), t0, out);
            writeStamped(t.errorCode(), t.errorAt(), t0, out);
        }
    }

    private static TerminalTrace readTerminal(long t0, DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String store = StringValue.readString(in);
        long storeAt = readStampTime(store, t0, in);
        String terminal = StringValue.readString(in);
        long terminalAt = readStampTime(terminal, t0, in);
        String app = StringValue.readString(in);
        long appAt = readStampTime(app, t0, in);
        String error = StringValue.readString(in);
        long errorAt = readStampTime(error, t0, in);
        return new TerminalTrace(store, storeAt, terminal, terminalAt, app, appAt, error, errorAt);
    }

    private static void writeStamped(String value, long at, long t0, DataOutputView out)
            throws IOException {
        StringValue.writeString(value, out);
        if (value != null) {
            // Zig-zag, then 7 bits a byte, low bits first.
            long v = (at - t0 << 1) ^ (at - t0 >> 63);
            while ((v & ~0x7FL) != 0) {
                out.writeByte((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.writeByte((int) v);
        }
    }

    private static long readStampTime(String value, long t0, DataInputView in) throws IOException {
        if (value == null) {
            return 0;
        }
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift > 63) {
                throw new IOException("corrupt OrderState: terminal context time too long");
            }
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return ((v >>> 1) ^ -(v & 1)) + t0;
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
