package io.debitwatch.app;

import io.debitwatch.core.json.Json;
import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.embeddedkafka.EmbeddedKafkaBuilder;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.receiver.ReceiverSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch kafka}: a single-node Kafka broker on 127.0.0.1 with debitwatch's topics, for
 * trying {@code run} without a Kafka cluster. Optionally loads the bundled sample into the input
 * topics. Runs until Ctrl-C.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description =
                "Start a local single-node Kafka broker (127.0.0.1) with debitwatch's topics, for"
                        + " trying `run`; runs until Ctrl-C.")
final class KafkaCommand implements Callable<Integer> {

    @Option(
            names = "--sample",
            description = "Produce the bundled sample of 20 stories into the input topics.")
    boolean sample;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Keep the broker's data here (default: a temporary folder, deleted on exit);"
                            + " a restart on the same folder keeps its topics and records.")
    Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "N",
            description =
                    "Listen on 127.0.0.1:N (default: a free port), so that a restarted broker is"
                            + " found at the same address, e.g. by a running `run`.")
    Integer port;

    @Option(
            names = "--partitions",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions = 2;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafka kafka = broker().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    kafka.close();
                                    stopped.countDown();
                                },
                                "debitwatch-kafka-shutdown"));
        System.out.println(
                "Kafka is up at " + kafka.bootstrapServers() + " with topics " + topics());
        if (sample) {
            int n = produceSample(kafka.bootstrapServers());
            System.out.println("produced the bundled sample: " + n + " records");
        }
        System.out.println(
                "Now, in another terminal: ./debitwatch run --bootstrap-servers "
                        + kafka.bootstrapServers()
                        + " --transactional-id-prefix debitwatch-sample"
                        + "   (Ctrl-C here stops the broker)");
        stopped.await();
        return 0;
    }

    /** The broker these options describe, not started yet. */
    EmbeddedKafka broker() {
        EmbeddedKafkaBuilder builder = EmbeddedKafka.builder();
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (port != null) {
            builder.port(port);
        }
        for (String topic : topics()) {
            builder.topic(topic, partitions);
        }
        return builder.build();
    }

    /**
     * The job's topics under their default names, and the raw notification topics {@code receive}
     * writes to (the job reads them when given {@code --wechat-notifications-topic} / {@code
     * --alipay-notifications-topic}).
     */
    static List<String> topics() {
        return List.of(
                DebitwatchOptions.TERMINAL_EVENTS_TOPIC.defaultValue(),
                DebitwatchOptions.PROVIDER_EVENTS_TOPIC.defaultValue(),
                DebitwatchOptions.ALERTS_TOPIC.defaultValue(),
                DebitwatchOptions.REFUND_REQUESTS_TOPIC.defaultValue(),
                DebitwatchOptions.NOTIFICATIONS_TOPIC.defaultValue(),
                DebitwatchOptions.DEAD_LETTERS_TOPIC.defaultValue(),
                ReceiverSettings.DEFAULT_WECHAT_TOPIC,
                ReceiverSettings.DEFAULT_ALIPAY_TOPIC);
    }

    /** Sends the sample's lines as they are, malformed ones included, keyed by order. */
    static int produceSample(String bootstrap) throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        int n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            n += send(producer, "sample/terminal-events.ndjson", topics().get(0));
            n += send(producer, "sample/provider-events.ndjson", topics().get(1));
            producer.flush();
        }
        return n;
    }

    private static int send(KafkaProducer<String, String> producer, String resource, String topic)
            throws IOException {
        String text;
        try (InputStream in = KafkaCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("bundled sample missing from the jar: " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int n = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            producer.send(new ProducerRecord<>(topic, keyOf(line), line));
            n++;
        }
        return n;
    }

    /** The order key of a line, so one order's events share a partition; null when unreadable. */
    private static String keyOf(String line) {
        try {
            var node = Json.mapper().readTree(line);
            return node.path("provider").asText("")
                    + "/"
                    + node.path("merchant_id").asText("")
                    + "/"
                    + node.path("out_trade_no").asText("");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
