package io.debitwatch.job.types;

import io.debitwatch.job.KeyedFact;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Serializes a {@link KeyedFact} for the keyBy shuffle. */
public final class KeyedFactSerializer extends ImmutableSerializer<KeyedFact> {

    private static final long serialVersionUID = 1L;

    public static final KeyedFactSerializer INSTANCE = new KeyedFactSerializer();

    @Override
    public KeyedFact createInstance() {
        return new KeyedFact("", FactSerializer.INSTANCE.createInstance());
    }

    @Override
    public void serialize(KeyedFact k, DataOutputView out) throws IOException {
        StringValue.writeString(k.key(), out);
        FactSerializer.INSTANCE.serialize(k.fact(), out);
    }

    @Override
    public KeyedFact deserialize(DataInputView in) throws IOException {
        return new KeyedFact(StringValue.readString(in), FactSerializer.INSTANCE.deserialize(in));
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
