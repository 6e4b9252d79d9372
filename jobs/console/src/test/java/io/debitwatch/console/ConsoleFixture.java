package io.debitwatch.console;

import static io.debitwatch.console.StoreTestEnvironment.storedOffsets;
import static io.debitwatch.console.TestRecords.order;
import static io.debitwatch.console.TestRecords.send;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A store filled through the real path (transactional producer, embedded broker, materializer) with
 * known incidents, for the web console's tests:
 *
 * <ul>
 *   <li>orders 0–9: UNMATCHED_DEBIT (order 1 later resolved by an ALERT_RESOLVED), order 2 with a
 *       refund request and two notifications;
 *   <li>orders 10–11: STUCK_PAYMENT; order 12: AMOUNT_MISMATCH;
 *   <li>one UNMATCHED_DEBIT with hostile text in its merchant and order ({@link #HOSTILE_MERCHANT},
 *       {@link #HOSTILE_ORDER}).
 * </ul>
 *
 * Merchants are {@code TestRecords.merchant(i)} (i mod 7). The job's alerts do not carry terminal
 * details yet, so store, app version and error code are set on the stored rows afterwards: orders
 * 0–4 at store-A on app 2.3.1 with NETWORK_TIMEOUT, the others at store-B on 2.4.0.
 */
final class ConsoleFixture implements AutoCloseable {

    static final int ORDERS = 13;
    static final String HOSTILE_MERCHANT = "=HYPERLINK(\"http://evil.example\",\"x\")";
    static final String HOSTILE_ORDER = "<script>alert('x')</script>\"&";

    final OutputTopics topics;
    final ConsoleDatabase db;
    final Materializer materializer;
    private final StoreTestEnvironment env;

    private ConsoleFixture(
            StoreTestEnvironment env, OutputTopics topics, ConsoleDatabase db, Materializer m) {
        this.env = env;
        this.topics = topics;
        this.db = db;
        this.materializer = m;
    }

    static ConsoleFixture load(StoreTestEnvironment env) throws Exception {
        OutputTopics topics = env.newTopics(2);
        ConsoleDatabase db = env.newDatabase();
        send(env, topics, initialRecords(topics));
        Materializer m = Materializer.start(env.kafka.bootstrapServers(), topics, db.dataSource());
        ConsoleFixture f = new ConsoleFixture(env, topics, db, m);
        f.awaitCaughtUp();
        setTerminalDetails(db);
        return f;
    }

    private static List<Object[]> initialRecords(OutputTopics t) {
        List<Object[]> records = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new Object[] {t.alerts(), TestRecords.unmatchedDebit(i)});
        }
        for (int i = 10; i < 12; i++) {
            records.add(
                    new Object[] {
                        t.alerts(),
                        TestRecords.alert(i, AlertType.STUCK_PAYMENT, Action.QUERY, "PENDING", null)
                    });
        }
        records.add(
                new Object[] {
                    t.alerts(),
                    TestRecords.alert(12, AlertType.AMOUNT_MISMATCH, Action.REVIEW, "SUCCESS", null)
                });
        records.add(new Object[] {t.alerts(), hostile()});
        records.add(new Object[] {t.alerts(), TestRecords.resolution(1)});
        records.add(new Object[] {t.refundRequests(), TestRecords.refund(2)});
        records.add(
                new Object[] {
                    t.notifications(), TestRecords.notification(2, Notification.Channel.MERCHANT)
                });
        records.add(
                new Object[] {
                    t.notifications(), TestRecords.notification(2, Notification.Channel.OPS)
                });
        return records;
    }

    static Alert hostile() {
        return TestRecords.reKeyed(TestRecords.unmatchedDebit(13), HOSTILE_MERCHANT, HOSTILE_ORDER);
    }

    /** Sends {@code records} (topic, record pairs) in one transaction. */
    static void send(StoreTestEnvironment env, OutputTopics topics, List<Object[]> records) {
        try (KafkaProducer<String, String> producer = env.transactionalProducer()) {
            producer.beginTransaction();
            for (Object[] r : records) {
                TestRecords.send(producer, (String) r[0], r[1]);
            }
            producer.commitTransaction();
        }
    }

    void awaitCaughtUp() throws Exception {
        Await.until(
                Duration.ofSeconds(45),
                "the store to catch up",
                () -> storedOffsets(db.dataSource()).equals(env.endOffsets(topics)));
    }

    private static void setTerminalDetails(ConsoleDatabase db) throws Exception {
        String sql =
                "UPDATE incidents SET store_id = ?, app_version = ?, error_code = ?,"
                        + " terminal_id = ? WHERE out_trade_no = ?";
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < ORDERS; i++) {
                boolean a = i < 5;
                ps.setString(1, a ? "store-A" : "store-B");
                ps.setString(2, a ? "2.3.1" : "2.4.0");
                ps.setString(3, a ? "NETWORK_TIMEOUT" : null);
                ps.setString(4, "T-" + (i % 3));
                ps.setString(5, order(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The stored incident id of order {@code i}. */
    long incidentId(int i) throws Exception {
        return StoreTestEnvironment.queryLong(
                db.dataSource(),
                "SELECT incident_id FROM incidents WHERE out_trade_no = ?",
                order(i));
    }

    long incidentId(String outTradeNo) throws Exception {
        return StoreTestEnvironment.queryLong(
                db.dataSource(),
                "SELECT incident_id FROM incidents WHERE out_trade_no = ?",
                outTradeNo);
    }

    @Override
    public void close() {
        try {
            materializer.stop();
        } finally {
            db.close();
        }
    }
}
