package io.debitwatch.receiver;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the receiver's records to Kafka so that an acknowledged write survives a broker failover:
 * {@code acks=all} and an idempotent producer (a retried batch is not written twice). Every write
 * ends, one way or the other, within the send timeout ({@code delivery.timeout.ms}, with {@code
 * max.block.ms} bounding the wait for metadata), so a provider is answered in bounded time. Records
 * have no key: the receiver cannot see the order (WeChat Pay encrypts it) and the job keys by order
 * itself.
 */
final class KafkaWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Object> adminConfig;
    private final List<String> topics;

    /**
     * @param clientProperties pass-through client settings (TLS, SASL), applied first so that the
     *     guarantees below cannot be overridden
     */
    KafkaWriter(
            String bootstrapServers,
            Map<String, String> clientProperties,
            Duration sendTimeout,
            List<String> topics) {
        this.topics = List.copyOf(topics);
        Map<String, Object> common = new HashMap<>(clientProperties);
        common.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.adminConfig = new HashMap<>(common);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "debitwatch-receiver-readiness");
        this.producer = new KafkaProducer<>(producerConfig(common, sendTimeout));
    }

    static Map<String, Object> producerConfig(Map<String, Object> common, Duration sendTimeout) {
        int timeoutMs = Math.toIntExact(sendTimeout.toMillis());
        int lingerMs = 2;
        if (timeoutMs < 1000) {
            throw new IllegalArgumentException("the send timeout must be at least 1s");
        }
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "debitwatch-receiver");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // A short linger batches concurrent notifications into one request at little latency.
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        // Kafka requires delivery >= linger + request timeout.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs - lingerMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        return config;
    }

    /** Completes when the record is acknowledged by all in-sync replicas, or with the failure. */
    CompletableFuture<Void> write(String topic, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(
                    new ProducerRecord<>(topic, null, value),
                    (metadata, e) -> {
                        if (e == null) {
                            done.complete(null);
                        } else {
                            done.completeExceptionally(e);
                        }
                    });
        } catch (RuntimeException e) {
            // Metadata not available within max.block.ms, a closed producer, a fatal error.
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Why the receiver cannot write now, or null when the brokers answer and know the receiver's
     * topics within {@code timeout}. A fresh admin client each time: readiness probes are rare, and
     * a long-lived one would answer from a connection state we do not control.
     */
    String notReady(Duration timeout) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        int ms = Math.toIntExact(timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        Admin admin = Admin.create(config);
        try {
            admin.describeTopics(topics).allTopicNames().get(ms, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "a topic is missing (" + String.join(", ", topics) + " must exist)"
                    : "kafka: " + e.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            return "kafka did not answer within " + ms + " ms";
        } catch (RuntimeException e) {
            return "kafka: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            admin.close(Duration.ofMillis(ms));
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
