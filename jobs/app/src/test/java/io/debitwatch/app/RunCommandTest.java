package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.DebitwatchOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

    @TempDir Path dir;

    private Configuration configuration(String... args) throws Exception {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run.configuration(dir.resolve("work"));
    }

    @Test
    void runsLocallyWithTheJobsDefaultsAndTheGivenOptions() throws Exception {
        Path checkpoints = dir.resolve("chk");
        Configuration conf =
                configuration(
                        "--bootstrap-servers",
                        "127.0.0.1:9092",
                        "--checkpoint-dir",
                        checkpoints.toString(),
                        "--alerts-topic",
                        "dw-alerts",
                        "--settle-window",
                        "45 s");
        assertThat(conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS)).isEqualTo("127.0.0.1:9092");
        assertThat(conf.get(DebitwatchOptions.ALERTS_TOPIC)).isEqualTo("dw-alerts");
        assertThat(conf.get(DebitwatchOptions.SETTLE_WINDOW)).isEqualTo(Duration.ofSeconds(45));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(checkpoints.toUri().toString());
        assertThat(conf.toMap())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("rest.bind-address", "127.0.0.1")
                .containsEntry("taskmanager.host", "127.0.0.1");
        assertThat(conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
    }

    @Test
    void kafkaClientSettingsAreTakenAsKafkaDotOptions() throws Exception {
        Configuration conf =
                configuration(
                        "--bootstrap-servers",
                        "127.0.0.1:9093",
                        "--kafka.security.protocol",
                        "SASL_SSL",
                        "--kafka.sasl.jaas.config",
                        "${file:/secrets/kafka.properties:sasl.jaas.config}");
        assertThat(conf.toMap())
                .containsEntry("debitwatch.kafka.security.protocol", "SASL_SSL")
                .containsEntry(
                        "debitwatch.kafka.sasl.jaas.config",
                        "${file:/secrets/kafka.properties:sasl.jaas.config}");
    }

    @Test
    void aKafkaSettingTheJobOwnsIsRefusedBeforeKafkaIsContacted() {
        Cli.Run r =
                Cli.run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:9",
                        "--transactional-id-prefix",
                        "dw-test",
                        "--checkpoint-dir",
                        dir.resolve("chk").toString(),
                        "--kafka.bootstrap.servers",
                        "elsewhere:9092");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err())
                .contains("--kafka.bootstrap.servers")
                .contains("use --bootstrap-servers");
        assertThat(r.out()).doesNotContain("running on Kafka");
    }

    @Test
    void metricsPortServesFlinksPrometheusExportOnTheLoopbackAndRefusesAPortInUse()
            throws Exception {
        RunCommand run = new RunCommand();
        new CommandLine(run)
                .parseArgs("--bootstrap-servers", "127.0.0.1:9092", "--metrics-port", "0");
        Configuration conf = run.configuration(dir.resolve("work"));
        String url = run.metrics.apply(conf);
        String port = conf.toMap().get("metrics.reporter.prom.port");
        assertThat(url).isEqualTo("http://127.0.0.1:" + port + "/metrics");
        assertThat(Integer.parseInt(port)).isPositive();
        assertThat(conf.toMap())
                .containsEntry(
                        "metrics.reporter.prom.factory.class",
                        LoopbackPrometheusReporterFactory.class.getName());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RunCommand busy = new RunCommand();
            new CommandLine(busy)
                    .parseArgs(
                            "--bootstrap-servers",
                            "127.0.0.1:9092",
                            "--metrics-port",
                            Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> busy.metrics.apply(new Configuration()))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
        // Without the option, no reporter.
        RunCommand off = new RunCommand();
        new CommandLine(off).parseArgs("--bootstrap-servers", "127.0.0.1:9092");
        Configuration plain = off.configuration(dir.resolve("work2"));
        assertThat(off.metrics.apply(plain)).isNull();
        assertThat(plain.keySet()).noneMatch(k -> k.startsWith("metrics.reporter."));
    }

    @Test
    void misspeltJobOptionIsRefused() {
        assertThatThrownBy(
                        () ->
                                configuration(
                                        "--bootstrap-servers", "127.0.0.1:9092",
                                        "--settle-windw", "45s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--settle-windw");
    }

    @Test
    void runWithoutATransactionalIdPrefixExitsNonZeroSayingWhy() {
        Cli.Run r =
                Cli.run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:9092",
                        "--checkpoint-dir",
                        dir.resolve("chk").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err())
                .contains("debitwatch run: ")
                .contains("--transactional-id-prefix is required")
                .contains("fence each other");
        assertThat(r.out()).doesNotContain("running on Kafka");
    }

    @Test
    void runWithAMisspeltTransactionalIdPrefixExitsNonZeroNamingIt() {
        Cli.Run r =
                Cli.run(
                        "run",
                        "--bootstrap-servers",
                        "127.0.0.1:9092",
                        "--checkpoint-dir",
                        dir.resolve("chk").toString(),
                        "--transactional-id-prefx",
                        "dw-prod-1");
        assertThat(r.exit()).isEqualTo(2); // a usage error, like picocli's own
        assertThat(r.err()).contains("unknown option --transactional-id-prefx");
    }

    @Test
    void resumesFromTheNewestCompletedCheckpointUnlessFresh() throws Exception {
        Path checkpoints = dir.resolve("chk");
        Path older = Files.createDirectories(checkpoints.resolve("job-a").resolve("chk-7"));
        Path newer = Files.createDirectories(checkpoints.resolve("job-b").resolve("chk-3"));
        Files.createDirectories(checkpoints.resolve("job-b").resolve("chk-4")); // incomplete
        Files.writeString(older.resolve("_metadata"), "x");
        Files.writeString(newer.resolve("_metadata"), "x");
        Files.setLastModifiedTime(
                older.resolve("_metadata"), FileTime.from(Instant.now().minusSeconds(60)));

        String[] args = {
            "--bootstrap-servers", "127.0.0.1:9092", "--checkpoint-dir", checkpoints.toString()
        };
        assertThat(configuration(args).get(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEqualTo(newer.toAbsolutePath().toString());

        RunCommand fresh = new RunCommand();
        new CommandLine(fresh).parseArgs(append(args, "--fresh"));
        assertThat(
                        fresh.configuration(dir.resolve("work"))
                                .getOptional(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEmpty();
    }

    private static String[] append(String[] args, String extra) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }
}
