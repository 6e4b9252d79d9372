package io.debitwatch.job.kafka;

import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.RefundRequest;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The streaming job's four output topics and their delivery guarantees (SPEC §5): alerts and refund
 * requests exactly-once, notifications and dead letters at-least-once. Records are keyed by their
 * order, so one order's records keep their order in a partition. Each sink's producers also get the
 * pass-through client settings ({@link KafkaClientProperties}: TLS, SASL, ...).
 */
final class KafkaSinks {

    private final String bootstrapServers;
    private final KafkaClientProperties client;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;

    KafkaSinks(
            String bootstrapServers,
            KafkaClientProperties client,
            String transactionalIdPrefix,
            Duration transactionTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.client = client;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.transactionTimeout = transactionTimeout;
    }

    Sink<Alert> alerts(String topic) {
        return exactlyOnce(
                "alerts",
                new JsonRecordSerializer<Alert>(
                        topic,
                        a -> key(a.provider(), a.merchantId(), a.outTradeNo()),
                        OutputHeaders::alert));
    }

    Sink<RefundRequest> refunds(String topic) {
        return exactlyOnce(
                "refund-requests",
                new JsonRecordSerializer<RefundRequest>(
                        topic,
                        r -> key(r.provider(), r.merchantId(), r.outTradeNo()),
                        OutputHeaders::refundRequest));
    }

    /**
     * Notifications are the latency-critical path: at-least-once, so a record leaves as soon as it
     * is produced instead of waiting for a checkpoint to commit a transaction, and linger.ms=0 so
     * the producer does not hold it back to fill a batch. acks=all: with acks=1 a leader failover
     * could lose an acknowledged notification, which at-least-once must not; waiting for the
     * in-sync replicas costs about a millisecond on a healthy cluster.
     */
    Sink<Notification> notifications(String topic) {
        return atLeastOnce(
                        new JsonRecordSerializer<Notification>(
                                topic,
                                n -> key(n.provider(), n.merchantId(), n.outTradeNo()),
                                OutputHeaders::notification))
                .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0")
                .build();
    }

    /** Dead letters carry no trustworthy order key, so they are spread round-robin. */
    Sink<DeadLetter> deadLetters(String topic) {
        return atLeastOnce(
                        new JsonRecordSerializer<DeadLetter>(
                                topic, d -> null, OutputHeaders::deadLetter))
                .build();
    }

    private static String key(Provider provider, String merchantId, String outTradeNo) {
        return new OrderKey(provider, merchantId, outTradeNo).toString();
    }

    private <T> KafkaSinkBuilder<T> atLeastOnce(KafkaRecordSerializationSchema<T> serializer) {
        return client.applyTo(KafkaSink.<T>builder())
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty(ProducerConfig.ACKS_CONFIG, "all");
    }

    /**
     * A transactional sink: records become visible to read_committed consumers when the checkpoint
     * that covers them completes, so a restart neither loses nor repeats an alert or a refund. Each
     * sink gets its own transactional-id prefix: two sinks sharing one would fence each other's
     * producers.
     */
    private <T> Sink<T> exactlyOnce(String what, KafkaRecordSerializationSchema<T> serializer) {
        return client.applyTo(KafkaSink.<T>builder())
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix + "-" + what)
                // The connector's default (1 h) is above the broker's 15-min maximum.
                .setProperty(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        Long.toString(transactionTimeout.toMillis()))
                .setProperty(ProducerConfig.ACKS_CONFIG, "all")
                .build();
    }
}
