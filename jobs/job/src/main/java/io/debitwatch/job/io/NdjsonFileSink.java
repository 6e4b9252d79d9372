package io.debitwatch.job.io;

import io.debitwatch.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Writes records as NDJSON to one local file, for bounded replays. Run it with parallelism 1: each
 * subtask would otherwise truncate the same file. Not for streaming: it has no delivery guarantee
 * across restarts (a replay is simply run again).
 *
 * <p>It counts what it writes into accumulators, so that the replay's summary comes from the job's
 * result rather than from reading the files back: {@link #countName} in total and, when given a
 * {@link KindOf}, {@link #countName(String, String)} per kind.
 */
public final class NdjsonFileSink<T> implements Sink<T>, SupportsPreWriteTopology<T> {

    private static final long serialVersionUID = 1L;

    /** The kind a record is counted under (an alert's type, a notification's kind). */
    @FunctionalInterface
    public interface KindOf<T> extends Serializable {
        String of(T record);
    }

    private final String path;
    private final String fileName;
    private final KindOf<T> kindOf;

    public NdjsonFileSink(Path path) {
        this(path, null);
    }

    /** Counts records per kind too; {@code kindOf} may be null. */
    public NdjsonFileSink(Path path, KindOf<T> kindOf) {
        this.path = path.toAbsolutePath().toString();
        this.fileName = path.getFileName().toString();
        this.kindOf = kindOf;
    }

    /** Name of the accumulator of the records written to the file {@code fileName}. */
    public static String countName(String fileName) {
        return "debitwatch-written-" + fileName;
    }

    /** Name of the accumulator of the records of {@code kind} written to {@code fileName}. */
    public static String countName(String fileName, String kind) {
        return countName(fileName) + "-" + kind;
    }

    /** Counts each record on its way in, chained to the writer (parallelism 1, like it). */
    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        return input.map(new Count<T>(countName(fileName), kindOf))
                .returns(input.getType())
                .setParallelism(1)
                .uid("count-" + fileName)
                .name("Count " + fileName);
    }

    private static final class Count<T> extends RichMapFunction<T, T> {
        private static final long serialVersionUID = 1L;

        private final String name;
        private final KindOf<T> kindOf;
        private transient LongCounter total;

        Count(String name, KindOf<T> kindOf) {
            this.name = name;
            this.kindOf = kindOf;
        }

        @Override
        public void open(OpenContext openContext) {
            total = getRuntimeContext().getLongCounter(name);
        }

        @Override
        public T map(T record) {
            total.add(1);
            if (kindOf != null) {
                getRuntimeContext().getLongCounter(name + "-" + kindOf.of(record)).add(1);
            }
            return record;
        }
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        if (context.getTaskInfo().getNumberOfParallelSubtasks() != 1) {
            throw new IllegalStateException("NdjsonFileSink needs parallelism 1: " + path);
        }
        Path file = Paths.get(path);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedWriter writer =
                new BufferedWriter(
                        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                        1 << 16);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException {
                writer.write(Json.write(element));
                writer.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                writer.flush();
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }
}
