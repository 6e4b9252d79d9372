package io.debitwatch.job.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.detect.Detector;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.OrderState;
import io.debitwatch.core.detect.TerminalTrace;
import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.TerminalContext;
import io.debitwatch.job.KeyedFact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    private static final List<KeyedFact> KEYED_FACTS_V2 =
            List.of(
                    new KeyedFact("WECHAT/1900000109/DW20261125100002", DEBIT),
                    new KeyedFact("ALIPAY/2088102146225135/订单-1", REQUEST));

    private static final List<OrderState> ORDER_STATES_V2 =
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
                    new OrderState(T + 90_060_000L, 0, List.of(), T + 90_060_000L));

    /** Version 3 added the terminal context: every value of version 2, then some with one. */
    private static final List<OrderState> ORDER_STATES_V3 =
            concat(
                    ORDER_STATES_V2,
                    List.of(
                            new OrderState(
                                    T,
                                    0b1,
                                    List.of(REQUEST, FAILED, DEBIT),
                                    Long.MIN_VALUE,
                                    null,
                                    false,
                                    new TerminalTrace(
                                            "S-001",
                                            T,
                                            "POS-0001",
                                            T,
                                            "4.2.1",
                                            T,
                                            "SYSTEMERROR",
                                            T + 9_000)),
                            // Times before T0 (a value of an earlier timeline) and far from it.
                            new OrderState(
                                    T,
                                    0,
                                    List.of(DEBIT),
                                    T - 90_000_000L,
                                    null,
                                    false,
                                    new TerminalTrace(
                                            null,
                                            0,
                                            "终端-7",
                                            T - 90_000_000L,
                                            null,
                                            0,
                                            "ACQ.SYSTEM_ERROR",
                                            T + 86_400_000L)),
                            new OrderState(
                                    T + 90_060_000L,
                                    0,
                                    List.of(),
                                    T + 90_060_000L,
                                    null,
                                    false,
                                    new TerminalTrace(
                                            "S-002", T, null, 0, "2.9.7", T + 1, null, 0))));

    /** Every serializer whose bytes a savepoint or a checkpoint holds. */
    enum Format {
        FACT(FactSerializer.INSTANCE, List.of(REQUEST, FAILED, DEBIT, REFUND), Map.of()),
        KEYED_FACT(
                KeyedFactSerializer.INSTANCE,
                concat(
                        KEYED_FACTS_V2,
                        List.of(
                                new KeyedFact(
                                        "WECHAT/1900000109/DW20261125100002",
                                        FAILED,
                                        new TerminalContext(
                                                "S-001", "POS-0001", "4.2.1", "SYSTEMERROR")),
                                new KeyedFact(
                                        "ALIPAY/2088102146225135/订单-1",
                                        REQUEST,
                                        new TerminalContext(null, "终端-7", null, null)))),
                Map.of(2, KEYED_FACTS_V2)),
        ORDER_STATE(OrderStateSerializer.INSTANCE, ORDER_STATES_V3, Map.of(2, ORDER_STATES_V2));

        final TypeSerializer<Object> serializer;
        final List<Object> values;

        /** The values each older stored version holds, as today's serializer must read them. */
        final Map<Integer, List<?>> older;

        @SuppressWarnings("unchecked")
        <T> Format(TypeSerializer<T> serializer, List<T> values, Map<Integer, List<T>> older) {
            this.serializer = (TypeSerializer<Object>) serializer;
            this.values = List.copyOf(values);
            this.older = Map.copyOf(older);
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

        assertThat(readValues(format, stored))
                .as("%s values read from %s", format, name)
                .isEqualTo(format.values);

        // Today's serializer writes exactly those bytes: a format change needs a new version.
        assertThat(expected.subList(1, expected.size()))
                .as(
                        "%s writes other bytes than %s under the same version: bump its VERSION"
                                + " and add a file (see the class comment)",
                        format, name)
                .isEqualTo(stored.subList(1, stored.size()));
    }

    /**
     * A savepoint taken before a format change holds the older version's bytes: today's serializer,
     * restored from that version's stored snapshot, still reads them as the values they were.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void olderStoredFormatsAreStillRead(Format format) throws IOException {
        for (Map.Entry<Integer, List<?>> older : format.older.entrySet()) {
            String name = format.fileName(older.getKey());
            List<String> stored = read(name);
            assertThat(stored).as("%s keeps its stored format %s", format, name).isNotNull();
            assertThat(readValues(format, stored))
                    .as("%s values read from %s", format, name)
                    .isEqualTo(older.getValue());
        }
    }

    /**
     * The stored snapshot restores the current serializer, compatible as it is, and that reads the
     * stored bytes (every byte of each value).
     */
    private static List<Object> readValues(Format format, List<String> stored) throws IOException {
        TypeSerializerSnapshot<Object> snapshot = readSnapshot(stored.get(0));
        TypeSerializerSchemaCompatibility<Object> compatibility =
                format.serializer.snapshotConfiguration().resolveSchemaCompatibility(snapshot);
        assertThat(compatibility.isCompatibleAsIs()).as("%s compatible as is", format).isTrue();
        TypeSerializer<Object> restored = snapshot.restoreSerializer();
        List<Object> read = new ArrayList<>();
        for (String hex : stored.subList(1, stored.size())) {
            DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(hex));
            read.add(restored.deserialize(in));
            assertThat(in.available()).as("bytes left unread").isZero();
        }
        return read;
    }

    /**
     * The version byte the serializer writes first. A keyed fact (in flight between tasks, kept in
     * a checkpoint only when it is unaligned) first had no version and was filed under its fact's
     * (2); since version 3 it writes a zero byte, then its version.
     */
    private static int currentVersion(Format format) throws IOException {
        byte[] first = HexFormat.of().parseHex(hex(format.serializer, format.values.get(0)));
        return format == Format.KEYED_FACT ? first[1] : first[0];
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
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
