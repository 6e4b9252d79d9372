package io.debitwatch.console;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded PostgreSQL alone in its own JVM, so that a test can kill that JVM with SIGKILL.
 * Argument: the data directory. Prints {@code port=N} once the server accepts connections, then
 * runs until killed.
 */
public final class EmbeddedPostgresProcess {

    private EmbeddedPostgresProcess() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        System.out.println("port=" + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
