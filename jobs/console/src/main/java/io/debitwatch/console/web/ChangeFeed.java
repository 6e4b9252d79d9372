package io.debitwatch.console.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the live feed when incidents change: it LISTENs on the channel the store's trigger notifies
 * after each committed transaction that changed incidents (migration V3), and calls {@code
 * onChange}. It also calls {@code onIdle} about every {@value #IDLE_MILLIS} ms without a change
 * (keep-alives), and once after every reconnection, in case a change was missed meanwhile.
 */
final class ChangeFeed implements AutoCloseable {

    static final String CHANNEL = "debitwatch_incidents";
    static final long IDLE_MILLIS = 15_000;

    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    private static final int WAIT_MILLIS = 500;

    private final DataSource dataSource;
    private final Runnable onChange;
    private final Runnable onIdle;
    private final Thread thread;
    private volatile boolean stopping;

    private ChangeFeed(DataSource dataSource, Runnable onChange, Runnable onIdle) {
        this.dataSource = dataSource;
        this.onChange = onChange;
        this.onIdle = onIdle;
        this.thread = new Thread(this::run, "debitwatch-console-changes");
        this.thread.setDaemon(true);
    }

    static ChangeFeed start(DataSource dataSource, Runnable onChange, Runnable onIdle) {
        ChangeFeed feed = new ChangeFeed(dataSource, onChange, onIdle);
        feed.thread.start();
        return feed;
    }

    private void run() {
        while (!stopping) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                onChange.run();
                listen(c.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                if (!stopping) {
                    LOG.warn("the live feed lost its database connection; reconnecting", e);
                    sleep();
                }
            }
        }
    }

    private void listen(PGConnection pg) throws SQLException {
        long idleSince = System.nanoTime();
        while (!stopping) {
            PGNotification[] notes = pg.getNotifications(WAIT_MILLIS);
            if (notes != null && notes.length > 0) {
                onChange.run();
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince > IDLE_MILLIS * 1_000_000) {
                onIdle.run();
                idleSince = System.nanoTime();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
