package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.embeddedkafka.LoopbackCertificates;
import io.debitwatch.embeddedkafka.TlsStores;
import io.debitwatch.job.DebitwatchOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} and {@code simulate} against a broker whose only client listener is SASL_SSL
 * (SCRAM-SHA-512): the Kafka client settings come as {@code --kafka.NAME VALUE}.
 */
@Timeout(120)
class SecuredKafkaCommandsITCase {

    private static final String USER = "debitwatch";
    private static final String PASSWORD = "scram-" + UUID.randomUUID();

    @TempDir static Path dir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startSecuredKafka() {
        TlsStores tls = LoopbackCertificates.generate(dir.resolve("tls"), "store-secret");
        kafka =
                EmbeddedKafka.builder()
                        .saslSsl(tls)
                        .scramUser(USER, PASSWORD)
                        .topic(DebitwatchOptions.TERMINAL_EVENTS_TOPIC.defaultValue(), 2)
                        .topic(DebitwatchOptions.PROVIDER_EVENTS_TOPIC.defaultValue(), 2)
                        .build()
                        .start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** {@code --kafka.NAME VALUE} for every client setting of a login with {@code password}. */
    private static List<String> kafkaArgs(String password) {
        List<String> args = new ArrayList<>();
        args.add("--bootstrap-servers");
        args.add(kafka.saslSslBootstrapServers());
        for (Map.Entry<String, String> e : kafka.saslSslClientConfig(USER, password).entrySet()) {
            args.add("--kafka." + e.getKey());
            args.add(e.getValue());
        }
        return args;
    }

    @Test
    void runWithAWrongPasswordExitsAtOnceNamingTheSaslAuthenticationFailure() {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(kafkaArgs("not-the-password"));
        args.addAll(
                List.of(
                        "--transactional-id-prefix",
                        "dw-secured",
                        "--checkpoint-dir",
                        dir.resolve("chk").toString()));
        long start = System.nanoTime();
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(r.exit()).isNotZero();
        assertThat(r.err())
                .contains("debitwatch run: ")
                .contains("SASL authentication")
                .contains(kafka.saslSslBootstrapServers())
                .doesNotContain("not-the-password");
        assertThat(r.out()).doesNotContain("running on Kafka");
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void simulateSendsThroughTheSaslSslListener() {
        List<String> args = new ArrayList<>(List.of("simulate"));
        args.addAll(kafkaArgs(PASSWORD));
        args.addAll(
                List.of(
                        "--rate",
                        "0",
                        "--duration",
                        "1s",
                        "--no-drain",
                        "--out",
                        dir.resolve("sim").toString()));
        Cli.Run r = Cli.run(args.toArray(String[]::new));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("sent [1-9][0-9,]* orders");
    }

    @Test
    void simulateRefusesSettingsItOwnsAndUnknownOptions() {
        Cli.Run owned =
                Cli.run(
                        "simulate",
                        "--bootstrap-servers",
                        kafka.saslSslBootstrapServers(),
                        "--kafka.enable.idempotence",
                        "false");
        assertThat(owned.exit()).isNotZero();
        assertThat(owned.err()).contains("--kafka.enable.idempotence");

        Cli.Run misspelt = Cli.run("simulate", "--out", dir.toString(), "--rat", "5");
        assertThat(misspelt.exit()).isEqualTo(2);
        assertThat(misspelt.err()).contains("unknown option --rat");
    }
}
