package io.debitwatch.sim;

import java.io.IOException;

/**
 * Where generated orders go, one at a time in start order. The seam for the files writer today and
 * a rate-controlled Kafka writer later (which would follow {@link SimEvent#arrivalMillis()}).
 */
public interface EventSink extends AutoCloseable {

    void accept(GeneratedOrder order) throws IOException;

    /** Flushes whatever is still held back and releases the sink. */
    @Override
    void close() throws IOException;
}
