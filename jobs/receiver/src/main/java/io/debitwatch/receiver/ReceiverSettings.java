package io.debitwatch.receiver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link NotificationReceiver} listens on and writes to; build with {@link #builder()}:
 *
 * <pre>{@code
 * ReceiverSettings settings = ReceiverSettings.builder()
 *         .bootstrapServers("127.0.0.1:9092")
 *         .tls(Path.of("tls.crt"), Path.of("tls.key"))
 *         .build();
 * }</pre>
 *
 * @param bindAddress where the notify listener binds ({@code 127.0.0.1} by default)
 * @param port its port (0: a free one)
 * @param tlsCertificate PEM certificate chain, or null for plain HTTP
 * @param tlsKey PEM PKCS#8 private key, or null
 * @param metricsPort a separate listener for {@code /metrics} (and the health checks), or null to
 *     serve {@code /metrics} on the notify listener
 * @param metricsBindAddress where the metrics listener binds ({@code 127.0.0.1} by default)
 * @param bootstrapServers the Kafka cluster
 * @param kafkaClientProperties pass-through client settings (TLS, SASL)
 * @param topics the raw notification topic of each provider
 * @param maxBodyBytes larger bodies are answered 413 and never written
 * @param ratePerSecond requests per second per source address (0: no limit)
 * @param burst requests a source address may make at once
 * @param sendTimeout how long a write may take before the provider is asked to send again
 */
public record ReceiverSettings(
        String bindAddress,
        int port,
        Path tlsCertificate,
        Path tlsKey,
        Integer metricsPort,
        String metricsBindAddress,
        String bootstrapServers,
        Map<String, String> kafkaClientProperties,
        Map<Provider, String> topics,
        int maxBodyBytes,
        double ratePerSecond,
        int burst,
        Duration sendTimeout) {

    /**
     * The job's limit on a raw notification record (WeChatNotifications and AlipayNotifications
     * MAX_RECORD_CHARS, 64 Ki characters): a longer record would only become a dead letter, so it
     * is refused with 413 instead. Bytes bound characters from above.
     */
    public static final int MAX_RECORD_BYTES = 64 * 1024;

    /** The default body limit: real notifications are 1 to 3 KB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 32 * 1024;

    /** The job's default raw topic names are not set (not read); these are the receiver's. */
    public static final String DEFAULT_WECHAT_TOPIC = "wechat-notifications";

    public static final String DEFAULT_ALIPAY_TOPIC = "alipay-notifications";

    public ReceiverSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
        topics = Map.copyOf(topics);
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a key file");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > MAX_RECORD_BYTES / 2) {
            throw new IllegalArgumentException(
                    "the body limit must be 1 to "
                            + MAX_RECORD_BYTES / 2
                            + " bytes (the job reads records of at most "
                            + MAX_RECORD_BYTES
                            + "), got "
                            + maxBodyBytes);
        }
        if (ratePerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("the burst must be at least 1, got " + burst);
        }
        for (Provider p : Provider.values()) {
            String topic = topics.get(p);
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("no topic for " + p + " notifications");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean tls() {
        return tlsCertificate != null;
    }

    /** The topic of {@code provider}'s notifications. */
    public String topic(Provider provider) {
        return topics.get(provider);
    }

    /** Builds {@link ReceiverSettings}; every setting but the bootstrap servers has a default. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private Path tlsCertificate;
        private Path tlsKey;
        private Integer metricsPort;
        private String metricsBindAddress = "127.0.0.1";
        private String bootstrapServers;
        private Map<String, String> kafkaClientProperties = Map.of();
        private final Map<Provider, String> topics = new EnumMap<>(Provider.class);
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private double ratePerSecond = 50;
        private int burst = 100;
        private Duration sendTimeout = Duration.ofSeconds(3);

        private Builder() {
            topics.put(Provider.WECHAT, DEFAULT_WECHAT_TOPIC);
            topics.put(Provider.ALIPAY, DEFAULT_ALIPAY_TOPIC);
        }

        public Builder bind(String address, int port) {
            this.bindAddress = address;
            this.port = port;
            return this;
        }

        public Builder tls(Path certificateChain, Path privateKey) {
            this.tlsCertificate = certificateChain;
            this.tlsKey = privateKey;
            return this;
        }

        public Builder metrics(String address, Integer port) {
            this.metricsBindAddress = address;
            this.metricsPort = port;
            return this;
        }

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = servers;
            return this;
        }

        public Builder kafkaClientProperties(Map<String, String> properties) {
            this.kafkaClientProperties = properties;
            return this;
        }

        public Builder topic(Provider provider, String topic) {
            topics.put(provider, topic);
            return this;
        }

        public Builder maxBodyBytes(int bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Per source address: {@code perSecond} on average, {@code burst} at once; 0 for none. */
        public Builder rateLimit(double perSecond, int burst) {
            this.ratePerSecond = perSecond;
            this.burst = burst;
            return this;
        }

        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = timeout;
            return this;
        }

        public ReceiverSettings build() {
            return new ReceiverSettings(
                    bindAddress,
                    port,
                    tlsCertificate,
                    tlsKey,
                    metricsPort,
                    metricsBindAddress,
                    bootstrapServers,
                    kafkaClientProperties,
                    topics,
                    maxBodyBytes,
                    ratePerSecond,
                    burst,
                    sendTimeout);
        }
    }
}
