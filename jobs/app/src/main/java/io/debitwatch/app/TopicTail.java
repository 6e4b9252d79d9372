package io.debitwatch.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A daemon thread reading every partition of a topic from the start until {@code stop} is set,
 * calling back with each record's value and the {@code System.nanoTime()} of the poll that returned
 * it (for latency measurements). No consumer group: nothing is committed.
 */
final class TopicTail {

    private TopicTail() {}

    static Thread start(
            String bootstrapServers,
            String topic,
            String isolation,
            AtomicBoolean stop,
            BiConsumer<byte[], Long> onRecord) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "debitwatch-tail-" + topic);
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        Thread t = new Thread(() -> tail(props, topic, stop, onRecord), "tail-" + topic);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void tail(
            Properties props, String topic, AtomicBoolean stop, BiConsumer<byte[], Long> onRecord) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stop.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long received = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    onRecord.accept(r.value(), received);
                }
            }
        }
    }
}
