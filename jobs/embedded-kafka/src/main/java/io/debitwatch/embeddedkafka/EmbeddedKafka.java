package io.debitwatch.embeddedkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM,
 * for integration tests and the local demo. There is no Docker here, so Testcontainers is not an
 * option; Kafka's own {@code KafkaClusterTestKit} binds every interface, so it is not used either.
 *
 * <p>Every listener binds to {@code 127.0.0.1} only, on free ports chosen at {@link #start()} (the
 * broker's own port can be fixed with {@link EmbeddedKafkaBuilder#port}, so that clients find a
 * restarted broker where they left it). Besides the PLAINTEXT broker listener and the controller
 * listener, an optional SASL_SSL listener ({@link EmbeddedKafkaBuilder#saslSsl}, SCRAM-SHA-512
 * users from {@link EmbeddedKafkaBuilder#scramUser}) lets tests run clients that must authenticate
 * over TLS. All internal topics have replication factor 1 and min ISR 1, so idempotent and
 * transactional producers work against a single node. Topics are never created automatically:
 * declare them on the builder or call {@link #createTopics(Map)}.
 *
 * <p>{@code transaction.max.timeout.ms} stays at Kafka's default of 15 minutes, like a production
 * broker: an exactly-once producer (e.g. Flink's {@code KafkaSink} with {@code EXACTLY_ONCE}) must
 * set {@code transaction.timeout.ms} to at most that, or the broker refuses its transactions.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka =
 *         EmbeddedKafka.builder().topic("terminal-events", 4).topic("alerts", 1).build().start()) {
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers()); // 127.0.0.1:PORT
 *     ...
 * }
 * }</pre>
 *
 * <p>The broker logs through slf4j and prints nothing to stdout. Once running, it behaves like any
 * Kafka broker on a fatal fault (a failing disk, say): it halts the JVM. During {@link #start()}
 * such faults, including a port taken by another process, become exceptions or a retry instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Always loopback: a test or demo broker must not be reachable from the network. */
    static final String HOST = "127.0.0.1";

    /** Another process may grab a port between our probe and the broker's bind: retry. */
    private static final int START_ATTEMPTS = 3;

    private Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, Integer> initialTopics;
    private final Map<String, String> overrides;
    private final Supplier<int[]> portChooser;
    private final TlsStores tls;
    private final Map<String, String> scramUsers;

    private KafkaRaftServer server;
    private int brokerPort = -1;
    private int controllerPort = -1;
    private int saslSslPort = -1;
    private boolean closed;

    EmbeddedKafka(EmbeddedKafkaBuilder builder) {
        this.dataDir = builder.dataDir;
        this.ownsDataDir = builder.dataDir == null;
        this.initialTopics = new LinkedHashMap<>(builder.topics);
        this.overrides = new LinkedHashMap<>(builder.overrides);
        this.portChooser = builder.portChooser;
        this.tls = builder.tls;
        this.scramUsers = new LinkedHashMap<>(builder.scramUsers);
        if (tls == null && !scramUsers.isEmpty()) {
            throw new IllegalStateException("SCRAM users need the SASL_SSL listener: call saslSsl");
        }
    }

    public static EmbeddedKafkaBuilder builder() {
        return new EmbeddedKafkaBuilder();
    }

    /**
     * Formats the storage (unless the data dir is already formatted), starts the broker and creates
     * the builder's topics. Blocks until the broker accepts requests; takes a few seconds.
     *
     * @return this, for chaining
     */
    public EmbeddedKafka start() {
        // One start at a time per JVM: the Exit procedures replaced below are global.
        synchronized (EmbeddedKafka.class) {
            synchronized (this) {
                startLocked();
            }
        }
        return this;
    }

    private void startLocked() {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        long begin = System.nanoTime();
        if (dataDir == null) {
            // Created here, not in build(), so a builder that is never started leaks nothing.
            try {
                dataDir = Files.createTempDirectory("debitwatch-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary Kafka data dir", e);
            }
        }
        // Kafka treats any controller startup failure (a port taken between our probe and its
        // bind, say) as fatal and calls Exit.halt, which would kill the test JVM without a
        // report. While starting, record such a request instead: Kafka then shuts the failed
        // component down and throws, and we retry or fail with an exception. The defaults
        // (halt the JVM) are restored as soon as start returns, as befits a running broker.
        List<String> fatalFaults = Collections.synchronizedList(new ArrayList<>());
        Exit.setHaltProcedure((code, message) -> fatalFaults.add("halt(" + code + "): " + message));
        Exit.setExitProcedure((code, message) -> fatalFaults.add("exit(" + code + "): " + message));
        try {
            for (int attempt = 1; ; attempt++) {
                int[] ports = portChooser.get();
                try {
                    startServer(
                            ports[0],
                            ports[1],
                            tls == null
                                    ? -1
                                    : ports.length > 2 ? ports[2] : LoopbackPorts.free(1)[0]);
                    break;
                } catch (RuntimeException e) {
                    if (attempt >= START_ATTEMPTS || !LoopbackPorts.causedByBindFailure(e)) {
                        throw e;
                    }
                    LOG.warn("Port taken before the broker bound it; retrying on new ports", e);
                    fatalFaults.clear();
                }
            }
            // Creating the topics and waiting for their leaders also proves the broker serves.
            createTopics(initialTopics);
            if (!fatalFaults.isEmpty()) {
                throw new IllegalStateException("Kafka reported fatal faults: " + fatalFaults);
            }
        } catch (RuntimeException e) {
            close(); // a failed start leaves no threads, ports or temp dir behind
            throw e;
        } finally {
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
        }
        LOG.info(
                "Kafka broker up at {} (data dir {}) in {} ms",
                bootstrapServers(),
                dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /** {@code 127.0.0.1:PORT} of the broker listener, for {@code bootstrap.servers}. */
    public synchronized String bootstrapServers() {
        requireStarted();
        return HOST + ":" + brokerPort;
    }

    /**
     * {@code 127.0.0.1:PORT} of the SASL_SSL listener (SCRAM-SHA-512 over TLS), for clients that
     * must authenticate; see {@link #saslSslClientConfig}.
     *
     * @throws IllegalStateException if the builder did not ask for one ({@link
     *     EmbeddedKafkaBuilder#saslSsl})
     */
    public synchronized String saslSslBootstrapServers() {
        requireStarted();
        if (tls == null) {
            throw new IllegalStateException(
                    "no SASL_SSL listener: see EmbeddedKafkaBuilder#saslSsl");
        }
        return HOST + ":" + saslSslPort;
    }

    /**
     * The client settings (without {@code bootstrap.servers}) that log in as {@code user} with
     * {@code password} on the SASL_SSL listener and trust the builder's trust store. A wrong
     * password is accepted here and refused by the broker, which is what tests of a failed login
     * need.
     */
    public Map<String, String> saslSslClientConfig(String user, String password) {
        if (tls == null) {
            throw new IllegalStateException(
                    "no SASL_SSL listener: see EmbeddedKafkaBuilder#saslSsl");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", BrokerProperties.SCRAM_MECHANISM);
        config.put("sasl.jaas.config", scramJaasConfig(user, password));
        config.put("ssl.truststore.type", "PKCS12");
        config.put("ssl.truststore.location", tls.truststore().toString());
        config.put("ssl.truststore.password", tls.truststorePassword());
        return config;
    }

    /** The client's JAAS line of a SCRAM login, e.g. for a secrets file. */
    public static String scramJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    /** The directory holding the logs and metadata of this broker. */
    public synchronized Path dataDir() {
        requireStarted();
        return dataDir;
    }

    /** Port of the controller (KRaft quorum) listener; visible for tests. */
    synchronized int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    /**
     * Creates the topics (name to partition count, replication factor 1) and waits until every
     * partition has a leader, so producers and consumers can use them right away. A topic that
     * already exists (e.g. from an earlier run on the same data dir) is kept if it has the
     * requested partition count.
     *
     * @throws IllegalStateException if an existing topic has a different partition count
     */
    public void createTopics(Map<String, Integer> topics) {
        TopicAdmin.create(bootstrapServers(), topics);
    }

    /**
     * Stops the broker and waits for it to release its ports and files; deletes the data dir if the
     * builder created it. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            stopServer();
        }
        if (ownsDataDir && dataDir != null) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                LOG.warn("Could not delete Kafka data dir {}", dataDir, e);
            }
        }
    }

    private void startServer(int brokerPort, int controllerPort, int saslSslPort) {
        Properties props =
                BrokerProperties.of(
                        dataDir, brokerPort, controllerPort, tls, saslSslPort, overrides);
        KraftStorage storage = new KraftStorage(dataDir);
        if (!storage.formatted()) {
            List<String> credentials = new ArrayList<>();
            scramUsers.forEach(
                    (name, password) ->
                            credentials.add(
                                    BrokerProperties.SCRAM_MECHANISM
                                            + "=[name="
                                            + name
                                            + ",password="
                                            + password
                                            + "]"));
            storage.format(props, credentials);
        }
        KafkaRaftServer candidate = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        this.server = candidate;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.saslSslPort = saslSslPort;
        try {
            candidate.startup();
        } catch (RuntimeException e) {
            stopServer();
            throw e;
        }
    }

    private void stopServer() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while shutting down the Kafka broker", e);
        } finally {
            server = null;
            brokerPort = -1;
            controllerPort = -1;
            saslSslPort = -1;
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("broker not running");
        }
    }
}
