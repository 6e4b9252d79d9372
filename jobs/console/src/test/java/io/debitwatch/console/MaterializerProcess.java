package io.debitwatch.console;

import java.util.concurrent.CountDownLatch;

/**
 * A materializer alone in its own JVM, so that a test can kill it with SIGKILL. Arguments:
 * bootstrap servers, JDBC URL (user {@code postgres}, no password), then the alerts, refund
 * requests and notifications topics. Runs until killed.
 */
public final class MaterializerProcess {

    private MaterializerProcess() {}

    public static void main(String[] args) throws InterruptedException {
        OutputTopics topics = new OutputTopics(args[2], args[3], args[4]);
        ConsoleDatabase db = ConsoleDatabase.external(args[1], EmbeddedPostgresServer.USER, null);
        Materializer.start(args[0], topics, db.dataSource());
        new CountDownLatch(1).await();
    }
}
