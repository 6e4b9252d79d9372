package io.debitwatch.embeddedkafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The properties of the embedded node: KRaft combined mode, loopback listeners, internal topics
 * that a single node can hold.
 */
final class BrokerProperties {

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** The listener name of the optional client listener; also its security protocol. */
    static final String SASL_SSL_LISTENER = "SASL_SSL";

    /** The one SASL mechanism of the SASL_SSL listener. */
    static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private BrokerProperties() {}

    /**
     * The configuration of the node: its listeners, its data dir, then the builder's overrides.
     * With {@code tls}, a third listener on {@code saslSslPort} serves clients over SASL_SSL
     * (SCRAM-SHA-512 only); the PLAINTEXT listener stays, on the loopback, for the broker's own use
     * (inter-broker traffic, the topic admin of {@link EmbeddedKafka}).
     */
    static Properties of(
            Path dataDir,
            int brokerPort,
            int controllerPort,
            TlsStores tls,
            int saslSslPort,
            Map<String, String> overrides) {
        Properties props = new Properties();
        // Combined mode: one JVM-local node is both the broker and the only KRaft voter.
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // A static voter set (not the dynamic-quorum bootstrap servers): the voter's address is
        // then read from this config rather than stored in the metadata log, so a reused data
        // dir can come back up on new free ports.
        props.put(
                "controller.quorum.voters",
                NODE_ID + "@" + EmbeddedKafka.HOST + ":" + controllerPort);
        props.put(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + EmbeddedKafka.HOST
                        + ":"
                        + brokerPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + EmbeddedKafka.HOST
                        + ":"
                        + controllerPort);
        props.put(
                "advertised.listeners",
                BROKER_LISTENER + "://" + EmbeddedKafka.HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (tls != null) {
            addSaslSsl(props, tls, saslSslPort);
        }
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", dataDir.resolve("logs").toString());

        // A single node cannot hold the default three replicas of the internal topics; with
        // these at 1, consumer groups, idempotence and transactions work.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // One partition each instead of 50: the internal topics are created on first use, and
        // 50 partitions make the first consumer group or transaction noticeably slower.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");

        // Consumers join immediately instead of waiting 3 s for more members.
        props.put("group.initial.rebalance.delay.ms", "0");
        // Kafka's default (15 min), stated so nobody lowers it by accident: exactly-once
        // producers must keep transaction.timeout.ms at or below it.
        props.put("transaction.max.timeout.ms", String.valueOf(Duration.ofMinutes(15).toMillis()));
        // Topics come from the builder or createTopics, never from a typo in a client.
        props.put("auto.create.topics.enable", "false");

        props.putAll(overrides);
        return props;
    }

    private static void addSaslSsl(Properties props, TlsStores tls, int port) {
        String address = SASL_SSL_LISTENER + "://" + EmbeddedKafka.HOST + ":" + port;
        props.put("listeners", props.getProperty("listeners") + "," + address);
        props.put(
                "advertised.listeners", props.getProperty("advertised.listeners") + "," + address);
        props.put(
                "listener.security.protocol.map",
                props.getProperty("listener.security.protocol.map")
                        + ","
                        + SASL_SSL_LISTENER
                        + ":SASL_SSL");
        String prefix = "listener.name." + SASL_SSL_LISTENER.toLowerCase(Locale.ROOT) + ".";
        props.put(prefix + "sasl.enabled.mechanisms", SCRAM_MECHANISM);
        // The broker side of SCRAM needs no credentials here: it checks clients against those
        // stored in the metadata log (bootstrapped when the storage is formatted).
        props.put(
                prefix + SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put(prefix + "ssl.keystore.type", "PKCS12");
        props.put(prefix + "ssl.keystore.location", tls.keystore().toString());
        props.put(prefix + "ssl.keystore.password", tls.keystorePassword());
        props.put(prefix + "ssl.key.password", tls.keystorePassword());
        props.put(prefix + "ssl.truststore.type", "PKCS12");
        props.put(prefix + "ssl.truststore.location", tls.truststore().toString());
        props.put(prefix + "ssl.truststore.password", tls.truststorePassword());
    }
}
