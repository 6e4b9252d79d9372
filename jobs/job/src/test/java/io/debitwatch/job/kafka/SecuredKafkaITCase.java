package io.debitwatch.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.embeddedkafka.LoopbackCertificates;
import io.debitwatch.embeddedkafka.TlsStores;
import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.job.TestClusters;
import io.debitwatch.job.kafka.KafkaPreflight.KafkaPreflightException;
import io.debitwatch.job.kafka.KafkaTestSupport.ExactlyOnceOutputs;
import io.debitwatch.job.kafka.KafkaTestSupport.Expected;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on a broker whose clients must log in: every client of the test and of the job
 * goes through the broker's SASL_SSL listener (SCRAM-SHA-512, a certificate for 127.0.0.1 signed by
 * a CA made for this test). The job gets its settings as a user gives them on the command line,
 * with the password and trust-store password read by Kafka's FileConfigProvider from a secrets
 * file, so that they are nowhere in the job graph. A wrong password fails the preflight at once.
 */
class SecuredKafkaITCase {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String USER = "debitwatch";

    @RegisterExtension static final MiniClusterExtension CLUSTER = TestClusters.miniCluster();

    @TempDir static Path dir;

    private static final Topics TOPICS = Topics.fresh();

    /** Random per run, so a leak into the job graph cannot be a coincidence. */
    private static final String PASSWORD = "scram-" + UUID.randomUUID();

    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();

    private static EmbeddedKafka kafka;
    private static Path secretsFile;

    @BeforeAll
    static void startSecuredKafka() throws Exception {
        TlsStores tls = LoopbackCertificates.generate(dir.resolve("tls"), STORE_PASSWORD);
        kafka = EmbeddedKafka.builder().saslSsl(tls).scramUser(USER, PASSWORD).build().start();
        TOPICS.createOn(kafka);
        // What a Kubernetes Secret mounted as a file would hold.
        Properties secrets = new Properties();
        secrets.setProperty("sasl.jaas.config", EmbeddedKafka.scramJaasConfig(USER, PASSWORD));
        secrets.setProperty("ssl.truststore.password", STORE_PASSWORD);
        secretsFile = dir.resolve("secrets").resolve("kafka.properties");
        Files.createDirectories(secretsFile.getParent());
        try (OutputStream out = Files.newOutputStream(secretsFile)) {
            secrets.store(out, null);
        }
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The test's own clients: SASL_SSL as the job's user, with the secrets given directly. */
    private static Map<String, Object> testClient(String password) {
        Map<String, Object> client = new HashMap<>(kafka.saslSslClientConfig(USER, password));
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.saslSslBootstrapServers());
        return client;
    }

    /** The job's Kafka client settings as a user writes them: secrets only by reference. */
    private static String[] clientArgs() {
        String file = secretsFile.toAbsolutePath().toString();
        Map<String, String> literal = kafka.saslSslClientConfig(USER, "unused");
        return new String[] {
            "--bootstrap-servers", kafka.saslSslBootstrapServers(),
            "--kafka.security.protocol", "SASL_SSL",
            "--kafka.sasl.mechanism", "SCRAM-SHA-512",
            "--kafka.ssl.truststore.type", "PKCS12",
            "--kafka.ssl.truststore.location", literal.get("ssl.truststore.location"),
            "--kafka.config.providers", "file",
            "--kafka.config.providers.file.class",
                    "org.apache.kafka.common.config.provider.FileConfigProvider",
            "--kafka.sasl.jaas.config", "${file:" + file + ":sasl.jaas.config}",
            "--kafka.ssl.truststore.password", "${file:" + file + ":ssl.truststore.password}"
        };
    }

    private static Configuration jobConf(Duration outOfOrderness) {
        Configuration conf =
                KafkaTestSupport.jobConf(
                        kafka, TOPICS, outOfOrderness, Duration.ofSeconds(1), dir.resolve("chk"));
        // Overrides the PLAINTEXT address jobConf takes: the job sees the SASL_SSL listener only.
        conf.addAll(DebitwatchOptions.fromArgs(clientArgs()));
        return conf;
    }

    @Test
    @Timeout(180)
    void theJobRunsEndToEndThroughTheSaslSslListenerOnly() throws Exception {
        List<String> terminalSample =
                KafkaTestSupport.resourceLines("sample/terminal-events.ndjson");
        List<String> providerSample =
                KafkaTestSupport.resourceLines("sample/provider-events.ndjson");
        List<String> terminal = KafkaTestSupport.copyOf(terminalSample, true, 1, Duration.ZERO);
        List<String> provider = KafkaTestSupport.copyOf(providerSample, false, 1, Duration.ZERO);
        Expected expected = Expected.of(terminal, provider);
        assertThat(expected.alerts()).isNotEmpty();
        assertThat(expected.refundsByAlertId()).isNotEmpty();

        Map<String, Object> client = testClient(PASSWORD);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(client)) {
            KafkaTestSupport.produce(producer, TOPICS.terminal(), terminal, true);
            KafkaTestSupport.produce(producer, TOPICS.provider(), provider, false);
            KafkaTestSupport.produceSentinelsPastAll(
                    producer, TOPICS, terminalSample, providerSample, terminal, provider);
        }
        Duration outOfOrderness =
                Duration.ofMillis(
                        Math.max(
                                        KafkaTestSupport.maxLateness(terminal, true),
                                        KafkaTestSupport.maxLateness(provider, false))
                                + 1_000);
        Configuration conf = jobConf(outOfOrderness);
        assertThat(
                        KafkaPreflight.check(
                                conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS),
                                KafkaClientProperties.from(conf),
                                KafkaPreflight.DEFAULT_TIMEOUT))
                .isNotBlank();

        JobClient job =
                StreamingJob.start(StreamExecutionEnvironment.getExecutionEnvironment(), conf);
        try (ExactlyOnceOutputs out = new ExactlyOnceOutputs(client, TOPICS, true)) {
            out.awaitAll(expected, WAIT);
            out.assertExactly(expected);
        } finally {
            KafkaTestSupport.cancelAndAwait(job);
        }
    }

    @Test
    @Timeout(60)
    void aWrongPasswordFailsThePreflightAtOnceNamingSaslAuthentication() {
        KafkaClientProperties wrong =
                KafkaClientProperties.of(kafka.saslSslClientConfig(USER, "not-" + PASSWORD));
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                KafkaPreflight.check(
                                        kafka.saslSslBootstrapServers(),
                                        wrong,
                                        KafkaPreflight.DEFAULT_TIMEOUT))
                .isInstanceOf(KafkaPreflightException.class)
                .hasMessageContaining("SASL authentication")
                .hasMessageContaining(kafka.saslSslBootstrapServers())
                .hasMessageNotContaining(PASSWORD);
        // Not retried until the timeout: SCRAM refusals are final.
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(KafkaPreflight.DEFAULT_TIMEOUT);
    }

    @Test
    void secretsReadThroughAConfigProviderAreNotInTheJobGraph() throws Exception {
        byte[] referenced = serializedJobGraph(jobConf(Duration.ofSeconds(2)));
        assertThat(contains(referenced, "${file:" + secretsFile.toAbsolutePath())).isTrue();
        assertThat(contains(referenced, PASSWORD)).isFalse();
        assertThat(contains(referenced, STORE_PASSWORD)).isFalse();

        // The same check sees a password given literally: it is the reference that keeps it out.
        Configuration literal = jobConf(Duration.ofSeconds(2));
        literal.setString(
                KafkaClientProperties.PREFIX + "sasl.jaas.config",
                EmbeddedKafka.scramJaasConfig(USER, PASSWORD));
        assertThat(contains(serializedJobGraph(literal), PASSWORD)).isTrue();
    }

    private static byte[] serializedJobGraph(Configuration conf) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamingJob.build(env, conf);
        return InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph());
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
