package io.debitwatch.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/** Consumers of the job's output topics ({@link TopicTail}), stopped together on close. */
final class Tails implements AutoCloseable {

    private final String bootstrapServers;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Tails(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Reads {@code topic} from the start with the given isolation level; {@code onRecord} gets each
     * value that is JSON, with the nanos of the poll that returned it. Other values are skipped.
     */
    Tails json(String topic, String isolation, BiConsumer<JsonNode, Long> onRecord) {
        threads.add(
                TopicTail.start(
                        bootstrapServers,
                        topic,
                        isolation,
                        stop,
                        (value, received) -> {
                            JsonNode n;
                            try {
                                n = Json.mapper().readTree(value);
                            } catch (IOException e) {
                                return; // not the job's output: nothing to score
                            }
                            onRecord.accept(n, received);
                        }));
        return this;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
