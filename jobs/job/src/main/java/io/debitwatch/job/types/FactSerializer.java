package io.debitwatch.job.types;

import io.debitwatch.core.detect.Fact;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Serializes a {@link Fact}: the compact form of an event kept per order (about 70 bytes). */
public final class FactSerializer extends ImmutableSerializer<Fact> {

    private static final long serialVersionUID = 1L;

    public static final FactSerializer INSTANCE = new FactSerializer();

    /** 2 added the refund total (SPEC §4a.7); version 1 facts are still read. */
    private static final int VERSION = 2;

    /**
     * Stored codes are positions in these lists, never enum ordinals: reordering or inserting an
     * enum constant must not change what restored state means. New constants go at the end.
     */
    private static final Fact.Kind[] KINDS = {
        Fact.Kind.T_PAY_REQUEST,
        Fact.Kind.T_USERPAYING,
        Fact.Kind.T_UNKNOWN,
        Fact.Kind.T_TIMEOUT,
        Fact.Kind.T_FAILED,
        Fact.Kind.T_SUCCESS,
        Fact.Kind.T_REVERSAL_SUCCESS,
        Fact.Kind.T_REVERSAL_FAILED,
        Fact.Kind.P_DEBITED,
        Fact.Kind.P_NOT_PAID,
        Fact.Kind.P_CLOSED,
        Fact.Kind.P_REVERSED,
        Fact.Kind.P_REFUNDED
    };

    private static final Fact.Origin[] ORIGINS = {
        Fact.Origin.PAY_REQUEST,
        Fact.Origin.PAY_RESULT,
        Fact.Origin.QUERY_RESULT,
        Fact.Origin.REVERSAL_RESULT,
        Fact.Origin.NOTIFY,
        Fact.Origin.QUERY,
        Fact.Origin.REVERSE,
        Fact.Origin.STATEMENT
    };

    private static final byte[] KIND_CODE = codes(KINDS, Fact.Kind.values().length);
    private static final byte[] ORIGIN_CODE = codes(ORIGINS, Fact.Origin.values().length);

    private static byte[] codes(Enum<?>[] table, int constants) {
        if (table.length != constants) {
            throw new IllegalStateException("a constant has no stored code: add it to the list");
        }
        byte[] codes = new byte[constants];
        for (int i = 0; i < table.length; i++) {
            codes[table[i].ordinal()] = (byte) i;
        }
        return codes;
    }

    @Override
    public Fact createInstance() {
        return new Fact(
                "",
                0,
                Fact.Kind.T_PAY_REQUEST,
                Fact.Origin.PAY_REQUEST,
                -1,
                null,
                null,
                null,
                -1,
                -1);
    }

    @Override
    public void serialize(Fact f, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        StringValue.writeString(f.eventId(), out);
        out.writeLong(f.time());
        out.writeByte(KIND_CODE[f.kind().ordinal()]);
        out.writeByte(ORIGIN_CODE[f.origin().ordinal()]);
        out.writeLong(f.amountMinor());
        StringValue.writeString(f.currency(), out);
        StringValue.writeString(f.txnId(), out);
        StringValue.writeString(f.refundNo(), out);
        out.writeLong(f.refundMinor());
        out.writeLong(f.refundTotal());
    }

    @Override
    public Fact deserialize(DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION && version != 1) {
            throw new IOException("unknown Fact format version " + version);
        }
        return new Fact(
                StringValue.readString(in),
                in.readLong(),
                KINDS[in.readByte()],
                ORIGINS[in.readByte()],
                in.readLong(),
                StringValue.readString(in),
                StringValue.readString(in),
                StringValue.readString(in),
                in.readLong(),
                version == 1 ? -1 : in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Fact> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Fact> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
