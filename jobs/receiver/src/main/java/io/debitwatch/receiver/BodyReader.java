package io.debitwatch.receiver;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body without blocking a thread, up to a limit: the bytes, exactly as received, go
 * to {@code onBody}; a body over the limit stops the reading at the first chunk that crosses it
 * (nothing more is buffered) and calls {@code onOversize}; a broken connection calls {@code
 * onFailure}. Exactly one of them is called, once.
 */
final class BodyReader {

    private final Content.Source source;
    private final int maxBytes;
    private final Consumer<byte[]> onBody;
    private final Runnable onOversize;
    private final Consumer<Throwable> onFailure;
    private final ByteArrayOutputStream bytes;

    private BodyReader(
            Content.Source source,
            int maxBytes,
            int expected,
            Consumer<byte[]> onBody,
            Runnable onOversize,
            Consumer<Throwable> onFailure) {
        this.source = source;
        this.maxBytes = maxBytes;
        this.onBody = onBody;
        this.onOversize = onOversize;
        this.onFailure = onFailure;
        this.bytes = new ByteArrayOutputStream(expected > 0 ? expected : 1024);
    }

    /**
     * Starts reading {@code source}.
     *
     * @param expected the declared length (Content-Length) when known and within the limit, else -1
     */
    static void read(
            Content.Source source,
            int maxBytes,
            long expected,
            Consumer<byte[]> onBody,
            Runnable onOversize,
            Consumer<Throwable> onFailure) {
        int size = expected >= 0 && expected <= maxBytes ? (int) expected : -1;
        new BodyReader(source, maxBytes, size, onBody, onOversize, onFailure).next();
    }

    private void next() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this::next);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                onFailure.accept(chunk.getFailure());
                return;
            }
            ByteBuffer buffer = chunk.getByteBuffer();
            boolean last = chunk.isLast();
            if (bytes.size() + buffer.remaining() > maxBytes) {
                chunk.release();
                onOversize.run();
                return;
            }
            byte[] piece = new byte[buffer.remaining()];
            buffer.get(piece);
            bytes.write(piece, 0, piece.length);
            chunk.release();
            if (last) {
                onBody.accept(bytes.toByteArray());
                return;
            }
        }
    }
}
