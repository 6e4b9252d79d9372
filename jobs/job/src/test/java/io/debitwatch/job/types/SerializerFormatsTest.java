package io.debitwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.model.Action;
import io.debitwatch.job.KeyedFact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Yesterday's savepoints must restore. Each serializer of the job's state and shuffle has its
 * current format stored under {@code src/test/resources/serializer-formats/}: the serializer's
 * snapshot and the bytes of a fixed set of values. This test fails when a change would make those
 * bytes unreadable, read them as something else, or write a different format under the same version
 * number.
 *
 * <p>To change a format on purpose: bump the serializer's {@code VERSION}, keep reading the old
 * version, and add the new version's file with {@code -Ddebitwatch.writeSerializerFormats=true}
 * (run from the module directory). Never edit or delete an old file: it is what an old savepoint
 * holds.
 */
class SerializerFormatsTest {

    private static final String WRITE_PROPERTY = "debitwatch.writeSerializerFormats";
    private static final Path SOURCE_DIR = Path.of("src/test/resources/serializer-formats");

    private static final long T = 1_764_036_000_000L;

    private static final Fact REQUEST =
            new Fact(
                    "te-1",
                    T,
                    Fact.Kind.T_PAY_REQUEST,
                    Fact.Origin.PAY_REQUEST,
                    3999,
                    "CNY",
                    null,
                    null,
                    -1,
                    -1);
    private static final Fact FAILED =
            new Fact(
                    "te-2",
                    T + 9_000,
                    Fact.Kind.T_FAILED,
                    Fact.Origin.PAY_RESULT,
                    -1,
                    null,
                    null,
                    null,
                    -1,
                    -1);
    private static final Fact DEBIT =
            new Fact(
                    "pe-1",
                    T + 4_000,
                    Fact.Kind.P_DEBITED,
                    Fact.Origin.NOTIFY,
                    3999,
                    "CNY",
                    "4200002601202611250002",
                    null,
                    -1,
                    -1);
    private static final Fact REFUND =
            new Fact(
                    "pe-2",
                    T + 70_000,
                    Fact.Kind.P_REFUNDED,
                    Fact.Origin.STATEMENT,
                    3999,
                    "CNY",
                    "4200002601202611250002",
                    "RF-1",
                    2000,
                    3000);

    /** Every serializer whose bytes a savepoint or a checkpoint holds. */
    enum Format {
        FACT(FactSerializer.INSTANCE, List.of(REQUEST, FAILED, DEBIT, REFUND)),
        KEYED_FACT(
                KeyedFactSerializer.INSTANCE,
                List.of(
                        new KeyedFact("WECHAT/1900000109/DW20261125100002", DEBIT),
                        new KeyedFact("ALIPAY/2088102146225135/订单-1", REQUEST))),
        ORDER_STATE(
                OrderStateSerializer.INSTANCE,
                List.of(
                        new OrderState(T, 0, List.of(REQUEST), Long.MIN_VALUE),
                        new OrderState(
                                T,
                                0b101,
                                List.of(REQUEST, DEBIT, FAILED, REFUND),
                                T - 90_000_000L,
                                new Detector.Prior(
                                        T + 60_000,
                                        Action.REFUND,
                                        3999,
                                        "CNY",
                                        "4200002601202611250002",
                                        3999),
                                true),
                        new OrderState(T + 90_060_000L, 0, List.of(), T + 90_060_000L)));

        final TypeSerializer<Object> serializer;
        final List<Object> values;

        @SuppressWarnings("unchecked")
        <T> Format(TypeSerializer<T> serializer, List<T> values) {
            this.serializer = (TypeSerializer<Object>) serializer;
            this.values = List.copyOf(values);
        }

        String fileName(int version) {
            return name().toLowerCase().replace('_', '-') + ".v" + version + ".hex";
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void theStoredFormatIsReadAsTheSameValuesAndWrittenTheSameWay(Format format)
            throws IOException {
        int version = currentVersion(format);
        String name = format.fileName(version);
        List<String> expected = lines(format);
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Path file = SOURCE_DIR.resolve(name);
            if (!Files.exists(file)) {
                Files.writeString(file, String.join("\n", expected) + "\n");
            }
        }
        List<String> stored = read(name);
        assertThat(stored)
                .as(
                        "%s has no stored format %s: a new format version needs its file (see the"
                                + " class comment)",
                        format, name)
                .isNotNull();

        // The stored snapshot restores the current serializer, compatible as it is.
        TypeSerializerSnapshot<Object> snapshot = readSnapshot(stored.get(0));
        TypeSerializerSchemaCompatibility<Object> compatibility =
                format.serializer.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        assertThat(compatibility.isCompatibleAsIs()).as("%s compatible as is", format).isTrue();
        TypeSerializer<Object> restored = snapshot.restoreSerializer();

        // Yesterday's bytes are read as the same values, by the restored serializer.
        List<Object> read = new ArrayList<>();
        for (String hex : stored.subList(1, stored.size())) {
            DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(hex));
            read.add(restored.deserialize(in));
            assertThat(in.available()).as("bytes left unread").isZero();
        }
        assertThat(read).as("%s values read from %s", format, name).isEqualTo(format.values);

        // Today's serializer writes exactly those bytes: a format change needs a new version.
        assertThat(expected.subList(1, expected.size()))
                .as(
                        "%s writes other bytes than %s under the same version: bump its VERSION"
                                + " and add a file (see the class comment)",
                        format, name)
                .isEqualTo(stored.subList(1, stored.size()));
    }

    /**
     * The version byte the serializer writes first; a keyed fact (in flight between tasks, kept in
     * a checkpoint only when it is unaligned) has its fact's.
     */
    private static int currentVersion(Format format) throws IOException {
        Format versioned = format == Format.KEYED_FACT ? Format.FACT : format;
        return HexFormat.of().parseHex(hex(versioned.serializer, versioned.values.get(0)))[0];
    }

    /** The snapshot, then one value a line, in hex. */
    private static List<String> lines(Format format) throws IOException {
        List<String> lines = new ArrayList<>();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(
                out, format.serializer.snapshotConfiguration());
        lines.add(HexFormat.of().formatHex(out.getCopyOfBuffer()));
        for (Object value : format.values) {
            lines.add(hex(format.serializer, value));
        }
        return lines;
    }

    private static String hex(TypeSerializer<Object> serializer, Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return HexFormat.of().formatHex(out.getCopyOfBuffer());
    }

    private static TypeSerializerSnapshot<Object> readSnapshot(String hex) throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(HexFormat.of().parseHex(hex)),
                SerializerFormatsTest.class.getClassLoader());
    }

    private static List<String> read(String name) throws IOException {
        try (InputStream in =
                SerializerFormatsTest.class.getResourceAsStream("/serializer-formats/" + name)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
