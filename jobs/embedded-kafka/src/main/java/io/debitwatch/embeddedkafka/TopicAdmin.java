package io.debitwatch.embeddedkafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the embedded broker's topics and waits until every partition has a leader. */
final class TopicAdmin {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private TopicAdmin() {}

    /** See {@link EmbeddedKafka#createTopics(Map)}. */
    static void create(String bootstrapServers, Map<String, Integer> topics) {
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = new ArrayList<>();
        topics.forEach(
                (name, partitions) -> newTopics.add(new NewTopic(name, partitions, (short) 1)));
        try (Admin admin = admin(bootstrapServers)) {
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + topics.keySet(), e);
        }
    }

    private static void awaitLeaders(Admin admin, Map<String, Integer> topics)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics.keySet())
                                .allTopicNames()
                                .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                boolean ready = true;
                for (var entry : topics.entrySet()) {
                    TopicDescription description = descriptions.get(entry.getKey());
                    if (description.partitions().size() != entry.getValue()) {
                        throw new IllegalStateException(
                                "topic "
                                        + entry.getKey()
                                        + " exists with "
                                        + description.partitions().size()
                                        + " partitions, not "
                                        + entry.getValue());
                    }
                    ready &= description.partitions().stream().allMatch(p -> p.leader() != null);
                }
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // Metadata may reach the broker a moment after the controller created the topic.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topics", e.getCause());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions without a leader: " + topics.keySet());
            }
            Thread.sleep(50);
        }
    }

    private static Admin admin(String bootstrapServers) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        return Admin.create(config);
    }
}
