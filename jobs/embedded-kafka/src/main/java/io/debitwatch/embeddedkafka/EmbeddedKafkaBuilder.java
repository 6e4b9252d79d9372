package io.debitwatch.embeddedkafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** Configures an {@link EmbeddedKafka}; nothing starts until {@link EmbeddedKafka#start()}. */
public final class EmbeddedKafkaBuilder {

    /** Keys the broker owns; overriding them would break the loopback-only single-node setup. */
    private static final Set<String> RESERVED_KEYS =
            Set.of(
                    "process.roles",
                    "node.id",
                    "listeners",
                    "advertised.listeners",
                    "listener.security.protocol.map",
                    "controller.listener.names",
                    "inter.broker.listener.name",
                    "controller.quorum.voters",
                    "controller.quorum.bootstrap.servers",
                    "log.dirs",
                    "log.dir",
                    "metadata.log.dir");

    Path dataDir;
    final Map<String, Integer> topics = new LinkedHashMap<>();
    final Map<String, String> overrides = new LinkedHashMap<>();
    Supplier<int[]> portChooser = () -> LoopbackPorts.free(3);
    TlsStores tls;
    final Map<String, String> scramUsers = new LinkedHashMap<>();

    EmbeddedKafkaBuilder() {}

    /**
     * Where the broker keeps its logs and metadata. It is created if missing, reused if already
     * formatted (topics and records survive a restart) and never deleted. Without it, a temporary
     * directory is used and deleted on {@link EmbeddedKafka#close()}.
     */
    public EmbeddedKafkaBuilder dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    /**
     * Binds the broker listener to this port on {@code 127.0.0.1} instead of a free one, so that a
     * broker restarted on the same data dir is found at the same address (the controller listener
     * still takes a free port). A port that is taken fails {@link EmbeddedKafka#start()}.
     */
    public EmbeddedKafkaBuilder port(int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535: " + port);
        }
        this.portChooser =
                () -> {
                    int[] free = LoopbackPorts.free(2);
                    return new int[] {port, free[0], free[1]};
                };
        return this;
    }

    /**
     * Adds a client listener on a free port of {@code 127.0.0.1} that speaks SASL_SSL with
     * SCRAM-SHA-512 only ({@link EmbeddedKafka#saslSslBootstrapServers()}), serving the key store's
     * certificate. Its users are given with {@link #scramUser}. The PLAINTEXT listener stays for
     * the broker itself (between its broker and controller roles, and the topic admin of {@link
     * EmbeddedKafka}); clients of a test that must authenticate use this one only.
     */
    public EmbeddedKafkaBuilder saslSsl(TlsStores tls) {
        this.tls = tls;
        return this;
    }

    /**
     * A SCRAM-SHA-512 user of the SASL_SSL listener. Users are written into the storage when it is
     * formatted, so a restart on an already formatted data dir keeps the first set. Names and
     * passwords must not contain {@code , = [ ] "} or spaces (the storage tool's syntax).
     */
    public EmbeddedKafkaBuilder scramUser(String name, String password) {
        for (String value : new String[] {name, password}) {
            if (value == null || value.isEmpty() || !value.matches("[^,=\\[\\]\"\\s]+")) {
                throw new IllegalArgumentException(
                        "SCRAM user names and passwords must be non-empty, without , = [ ] \""
                                + " or spaces");
            }
        }
        scramUsers.put(name, password);
        return this;
    }

    /** A topic to create at start, with replication factor 1. */
    public EmbeddedKafkaBuilder topic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        topics.put(name, partitions);
        return this;
    }

    /**
     * Overrides a broker setting (e.g. {@code log.retention.ms}). Listener, quorum, role and
     * directory settings belong to this class and cannot be overridden.
     */
    public EmbeddedKafkaBuilder config(String key, String value) {
        if (RESERVED_KEYS.contains(key)) {
            throw new IllegalArgumentException(key + " is managed by EmbeddedKafka");
        }
        overrides.put(key, value);
        return this;
    }

    /**
     * Replaces the free-port probe ({broker, controller[, SASL_SSL]}); lets tests provoke a port
     * race.
     */
    EmbeddedKafkaBuilder portChooser(Supplier<int[]> portChooser) {
        this.portChooser = portChooser;
        return this;
    }

    public EmbeddedKafka build() {
        return new EmbeddedKafka(this);
    }
}
