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

    private static final int VERSION = 1;
    private static final Fact.Kind[] KINDS = Fact.Kind.values();
    private static final Fact.Origin[] ORIGINS = Fact.Origin.values();

    @Override
    public Fact createInstance() {
        return new Fact(
                "", 0, Fact.Kind.T_PAY_REQUEST, Fact.Origin.PAY_REQUEST, -1, null, null, null, -1);
    }

    @Override
    public void serialize(Fact f, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        StringValue.writeString(f.eventId(), out);
        out.writeLong(f.time());
        out.writeByte(f.kind().ordinal());
        out.writeByte(f.origin().ordinal());
        out.writeLong(f.amountMinor());
        StringValue.writeString(f.currency(), out);
        StringValue.writeString(f.txnId(), out);
        StringValue.writeString(f.refundNo(), out);
        out.writeLong(f.refundMinor());
    }

    @Override
    public Fact deserialize(DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
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
                in.readLong());
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
