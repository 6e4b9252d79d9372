package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.EventParser;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.json.Parsed;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --bootstrap-servers}: paced traffic into the input topics, ground truth beside.
 */
class SimulateToKafkaITCase {

    @TempDir Path dir;

    @Test
    void sendsEveryRecordInEventTimeOrderPerPartitionAndWritesTheGroundTruth() throws Exception {
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder()
                        .dataDir(dir.resolve("kafka"))
                        .topic("terminal-events", 2)
                        .topic("provider-events", 2)
                        .build()
                        .start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream old = System.out;
            int exit;
            long start = System.nanoTime();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                exit =
                        Main.commandLine()
                                .execute(
                                        "simulate",
                                        "--bootstrap-servers",
                                        kafka.bootstrapServers(),
                                        "--rate",
                                        "1000",
                                        "--duration",
                                        "3s",
                                        "--seed",
                                        "4",
                                        "--out",
                                        dir.resolve("truth").toString());
            } finally {
                System.setOut(old);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(text).isZero();
            Matcher m =
                    Pattern.compile(
                                    "sent ([\\d,]+) orders, ([\\d,]+) records \\(([\\d,]+) terminal, ([\\d,]+) provider\\)")
                            .matcher(text);
            assertThat(m.find()).as(text).isTrue();
            long terminal = Long.parseLong(m.group(3).replace(",", ""));
            long provider = Long.parseLong(m.group(4).replace(",", ""));
            // Paced: about 3,000 records over about 3 s, not all at once.
            assertThat(terminal + provider).isBetween(1_500L, 6_000L);
            assertThat(seconds).isGreaterThan(2.5);

            List<String> t = readAll(kafka.bootstrapServers(), "terminal-events");
            List<String> p = readAll(kafka.bootstrapServers(), "provider-events");
            // The records plus one sentinel sale per partition pair (2 partitions).
            assertThat(t).hasSize((int) terminal + 2);
            assertThat(p).hasSize((int) provider + 2);
            long bad = 0;
            for (String line : t) {
                if (EventParser.parseTerminal(line) instanceof Parsed.Bad) {
                    bad++;
                }
            }
            for (String line : p) {
                if (EventParser.parseProvider(line) instanceof Parsed.Bad) {
                    bad++;
                }
            }
            List<String> truth = Files.readAllLines(dir.resolve("truth/ground-truth.ndjson"));
            long expectedBad =
                    truth.stream()
                            .map(SimulateToKafkaITCase::tree)
                            .filter(n -> "DEAD_LETTER".equals(n.path("record").asText()))
                            .count();
            assertThat(bad).isEqualTo(expectedBad);
            assertThat(truth).anySatisfy(l -> assertThat(l).contains("\"record\":\"ALERT\""));
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic)
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static JsonNode tree(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
