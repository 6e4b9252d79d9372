package io.debitwatch.job.types;

import io.debitwatch.core.model.TerminalContext;
import io.debitwatch.job.KeyedFact;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.DataInputViewStream;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Serializes a {@link KeyedFact} for the keyBy shuffle (kept in a checkpoint only when it is
 * unaligned).
 *
 * <p>The first format had no version of its own: the key, then the fact. Version 3 (numbered after
 * the fact formats it follows) adds the terminal context and starts with a zero byte, which the
 * first format never does (a key is never null, and {@link StringValue} writes only null as zero),
 * then its version.
 */
public final class KeyedFactSerializer extends ImmutableSerializer<KeyedFact> {

    private static final long serialVersionUID = 1L;

    public static final KeyedFactSerializer INSTANCE = new KeyedFactSerializer();

    /** The first byte of every versioned format. */
    private static final int VERSIONED = 0;

    private static final int VERSION = 3;

    @Override
    public KeyedFact createInstance() {
        return new KeyedFact("", FactSerializer.INSTANCE.createInstance());
    }

    @Override
    public void serialize(KeyedFact k, DataOutputView out) throws IOException {
        out.writeByte(VERSIONED);
        out.writeByte(VERSION);
        StringValue.writeString(k.key(), out);
        FactSerializer.INSTANCE.serialize(k.fact(), out);
        TerminalContext t = k.terminal();
        out.writeBoolean(t != null);
        if (t != null) {
            StringValue.writeString(t.storeId(), out);
            StringValue.writeString(t.terminalId(), out);
            StringValue.writeString(t.appVersion(), out);
            StringValue.writeString(t.errorCode(), out);
        }
    }

    @Override
    public KeyedFact deserialize(DataInputView in) throws IOException {
        int first = in.readUnsignedByte();
        if (first != VERSIONED) {
            return new KeyedFact(
                    unversionedKey(first, in), FactSerializer.INSTANCE.deserialize(in));
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("unknown KeyedFact format version " + version);
        }
        String key = StringValue.readString(in);
        var fact = FactSerializer.INSTANCE.deserialize(in);
        TerminalContext terminal = null;
        if (in.readBoolean()) {
            terminal =
                    new TerminalContext(
                            StringValue.readString(in),
                            StringValue.readString(in),
                            StringValue.readString(in),
                            StringValue.readString(in));
        }
        return new KeyedFact(key, fact, terminal);
    }

    /**
     * The key of the first format, whose first byte was already read: the stream hands that byte
     * back, then reads the rest of the key from {@code in} one byte at a time, so nothing after the
     * key is consumed.
     */
    private static String unversionedKey(int first, DataInputView in) throws IOException {
        PushbackInputStream rest = new PushbackInputStream(new DataInputViewStream(in), 1);
        rest.unread(first);
        return StringValue.readString(new DataInputStream(rest));
    }

    @Override
    public TypeSerializerSnapshot<KeyedFact> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the singleton. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyedFact> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
