package io.debitwatch.console;

import static io.debitwatch.console.StoreTestEnvironment.queryLong;
import static io.debitwatch.console.StoreTestEnvironment.storedOffsets;
import static io.debitwatch.console.TestRecords.order;
import static io.debitwatch.console.TestRecords.send;
import static io.debitwatch.console.TestRecords.withTerminal;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.TerminalContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The materializer on a real broker and a real PostgreSQL. */
class MaterializerITCase extends StoreITCaseBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(45);

    @Test
    void materialisesCommittedOutputsIntoIncidents() throws Exception {
        OutputTopics topics = env.newTopics(2);
        try (ConsoleDatabase db = env.newDatabase();
                KafkaProducer<String, String> producer = env.transactionalProducer()) {
            producer.beginTransaction();
            send(producer, topics.alerts(), TestRecords.unmatchedDebit(1));
            send(producer, topics.refundRequests(), TestRecords.refund(1));
            send(
                    producer,
                    topics.notifications(),
                    TestRecords.notification(1, Notification.Channel.OPS));
            send(
                    producer,
                    topics.notifications(),
                    TestRecords.notification(1, Notification.Channel.MERCHANT));
            send(producer, topics.alerts(), TestRecords.unmatchedDebit(2));
            // The same alert twice (a replay of the job reproduces its id): stored once.
            send(producer, topics.alerts(), TestRecords.unmatchedDebit(2));
            producer.commitTransaction();

            // An aborted transaction is never seen by a read_committed consumer.
            producer.beginTransaction();
            send(producer, topics.alerts(), TestRecords.unmatchedDebit(3));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            send(producer, topics.alerts(), TestRecords.resolution(1));
            send(
                    producer,
                    topics.alerts(),
                    TestRecords.alert(4, AlertType.STUCK_PAYMENT, Action.QUERY, "PENDING", null));
            producer.commitTransaction();

            DataSource ds = db.dataSource();
            try (Materializer m = Materializer.start(env.kafka.bootstrapServers(), topics, ds)) {
                Await.until(
                        TIMEOUT,
                        "the stored offsets to reach the end of the topics",
                        () -> storedOffsets(ds).equals(env.endOffsets(topics)));
                assertThat(m.assigned()).isTrue();
                assertThat(m.counts()).isEqualTo(new Materializer.StoreCounts(3, 4, 1, 2, 0));
                Map<TopicPartition, Long> ends = env.endOffsets(topics);
                assertThat(m.caughtUpTo(ends)).isTrue();
                // One record further on any partition is not stored yet.
                Map<TopicPartition, Long> beyond = new HashMap<>(ends);
                beyond.merge(new TopicPartition(topics.alerts(), 0), 1L, Long::sum);
                assertThat(m.caughtUpTo(beyond)).isFalse();
                StoreKeys keys = m.keys();
                assertThat(keys.incidents())
                        .extracting(OrderKey::outTradeNo)
                        .containsExactlyInAnyOrder(order(1), order(2), order(4));
                assertThat(keys.refundRequests()).containsExactly("dwr-" + order(1));
            }

            assertThat(incident(ds, order(1)))
                    .containsExactly(
                            "UNMATCHED_DEBIT",
                            "REFUND",
                            "resolved",
                            "2",
                            "4000",
                            "{ALERT_RESOLVED,UNMATCHED_DEBIT}",
                            "42000026" + order(1));
            assertThat(incident(ds, order(2)))
                    .containsExactly(
                            "UNMATCHED_DEBIT",
                            "REFUND",
                            "open",
                            "1",
                            "4001",
                            "{UNMATCHED_DEBIT}",
                            "42000026" + order(2));
            assertThat(incident(ds, order(4)).subList(0, 4))
                    .containsExactly("STUCK_PAYMENT", "QUERY", "open", "1");
            assertThat(
                            queryLong(
                                    ds,
                                    "SELECT count(*) FROM incidents WHERE out_trade_no = ?",
                                    order(3)))
                    .isZero();
            assertThat(
                            queryLong(
                                    ds,
                                    "SELECT count(*) FROM alerts a JOIN incidents i USING"
                                            + " (incident_id) WHERE i.out_trade_no = ?"
                                            + " AND a.type = 'UNMATCHED_DEBIT'"
                                            + " AND a.evidence -> 1 ->> 'provider_txn_id' = ?",
                                    order(1),
                                    "42000026" + order(1)))
                    .isEqualTo(1);
            assertThat(
                            queryLong(
                                    ds,
                                    "SELECT count(*) FROM notifications WHERE out_trade_no = ?"
                                            + " AND text_zh LIKE '订单%' AND text_en LIKE 'Order%'",
                                    order(1)))
                    .isEqualTo(2);
        }
    }

    @Test
    void skipsAndRecordsAPoisonRecordThenStoresTheNextGoodOne() throws Exception {
        OutputTopics topics = env.newTopics(1);
        try (ConsoleDatabase db = env.newDatabase();
                KafkaProducer<String, String> producer = env.transactionalProducer()) {
            DataSource ds = db.dataSource();
            try (Materializer m = Materializer.start(env.kafka.bootstrapServers(), topics, ds)) {
                Await.until(TIMEOUT, "the partitions to be assigned", m::assigned);
                producer.beginTransaction();
                send(producer, topics.alerts(), TestRecords.unmatchedDebit(1));
                producer.send(new ProducerRecord<>(topics.alerts(), "not json {"));
                producer.send(new ProducerRecord<>(topics.alerts(), "{\"alert_id\":\"A-1\"}"));
                producer.send(
                        new ProducerRecord<>(topics.notifications(), "{\"text\":\"a\\u0000b\"}"));
                send(producer, topics.alerts(), TestRecords.unmatchedDebit(2));
                producer.commitTransaction();

                Await.until(
                        TIMEOUT,
                        "the stored offsets to reach the end of the topics",
                        () -> storedOffsets(ds).equals(env.endOffsets(topics)));
                assertThat(m.assigned()).as("still running").isTrue();
                assertThat(m.counts().alerts()).isEqualTo(2);
                assertThat(m.counts().notifications()).isZero();
            }
            assertThat(skipped(ds))
                    .containsExactly(
                            topics.alerts() + "-0@1 not a valid Alert",
                            topics.alerts() + "-0@2 missing required field type",
                            topics.notifications() + "-0@0 contains a NUL character");
        }
    }

    @Test
    void fillsAnIncidentsTerminalColumnsFromItsMainAlertsTerminalContext() throws Exception {
        TerminalContext storeA = new TerminalContext("store-A", "T-1", "2.3.1", "NETWORK_TIMEOUT");
        TerminalContext storeB = new TerminalContext("store-B", "T-2", "2.4.0", null);
        TerminalContext storeBFailed =
                new TerminalContext("store-B", "T-2", "2.4.0", "SYSTEMERROR");
        OutputTopics topics = env.newTopics(1);
        try (ConsoleDatabase db = env.newDatabase();
                KafkaProducer<String, String> producer = env.transactionalProducer()) {
            producer.beginTransaction();
            // Resolved: the main alert stays the UNMATCHED_DEBIT, and so does its context.
            send(producer, topics.alerts(), withTerminal(TestRecords.unmatchedDebit(11), storeA));
            send(producer, topics.alerts(), withTerminal(TestRecords.resolution(11), storeA));
            // A later main alert with a newer error code replaces the earlier one's.
            send(producer, topics.alerts(), withTerminal(stuck(12), storeB));
            producer.commitTransaction();
            producer.beginTransaction();
            send(
                    producer,
                    topics.alerts(),
                    withTerminal(TestRecords.unmatchedDebit(12), storeBFailed));
            // An order the terminal never reported on: nothing known.
            send(producer, topics.alerts(), TestRecords.unmatchedDebit(13));
            // A later alert without context (stored before the job wrote it) erases nothing.
            send(producer, topics.alerts(), withTerminal(stuck(14), storeA));
            send(producer, topics.alerts(), TestRecords.unmatchedDebit(14));
            producer.commitTransaction();

            DataSource ds = db.dataSource();
            try (Materializer m = Materializer.start(env.kafka.bootstrapServers(), topics, ds)) {
                Await.until(
                        TIMEOUT,
                        "the stored offsets to reach the end of the topics",
                        () -> storedOffsets(ds).equals(env.endOffsets(topics)));
            }

            assertThat(terminalColumns(ds, order(11)))
                    .containsExactly("store-A", "T-1", "2.3.1", "NETWORK_TIMEOUT");
            assertThat(terminalColumns(ds, order(12)))
                    .containsExactly("store-B", "T-2", "2.4.0", "SYSTEMERROR");
            assertThat(terminalColumns(ds, order(13))).containsExactly(null, null, null, null);
            assertThat(terminalColumns(ds, order(14)))
                    .containsExactly("store-A", "T-1", "2.3.1", "NETWORK_TIMEOUT");
            assertThat(
                            queryLong(
                                    ds,
                                    "SELECT count(*) FROM alerts WHERE terminal ->> 'app_version'"
                                            + " = '2.4.0'"))
                    .isEqualTo(2);
        }
    }

    private static Alert stuck(int i) {
        return TestRecords.alert(i, AlertType.STUCK_PAYMENT, Action.QUERY, "PENDING", null);
    }

    /** store_id, terminal_id, app_version, error_code of an order's incident. */
    private static List<String> terminalColumns(DataSource ds, String outTradeNo) throws Exception {
        String sql =
                "SELECT store_id, terminal_id, app_version, error_code FROM incidents"
                        + " WHERE out_trade_no = ?";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, outTradeNo);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("incident of " + outTradeNo).isTrue();
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }
        }
    }

    /** type, action, state, alert_count, amount_minor, types, provider_txn_id of an order. */
    private static List<String> incident(DataSource ds, String outTradeNo) throws Exception {
        String sql =
                "SELECT type, action, state, alert_count, amount_minor, types, provider_txn_id"
                        + " FROM incidents WHERE out_trade_no = ?";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, outTradeNo);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("incident of " + outTradeNo).isTrue();
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 7; i++) {
                    row.add(rs.getString(i));
                }
                return row;
            }
        }
    }

    /** "topic-partition@offset reason-prefix" of every skipped record, in offset order. */
    private static List<String> skipped(DataSource ds) throws Exception {
        String sql =
                "SELECT topic, partition, record_offset, reason FROM skipped_records"
                        + " ORDER BY topic, record_offset";
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String reason = rs.getString(4);
                String prefix =
                        reason.startsWith("not a valid")
                                ? "not a valid Alert"
                                : reason.startsWith("contains a NUL")
                                        ? "contains a NUL character"
                                        : reason;
                rows.add(rs.getString(1) + "-" + rs.getInt(2) + "@" + rs.getLong(3) + " " + prefix);
            }
        }
        return rows;
    }
}
