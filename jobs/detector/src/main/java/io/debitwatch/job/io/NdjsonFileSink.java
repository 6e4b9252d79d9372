package io.debitwatch.job.io;

import io.debitwatch.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes records as NDJSON to one local file, for bounded replays. Run it with parallelism 1: each
 * subtask would otherwise truncate the same file. Not for streaming: it has no delivery guarantee
 * across restarts (a replay is simply run again).
 */
public final class NdjsonFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String path;

    public NdjsonFileSink(Path path) {
        this.path = path.toAbsolutePath().toString();
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
