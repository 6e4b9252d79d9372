package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.job.UnknownOptionException;
import io.debitwatch.receiver.Provider;
import io.debitwatch.receiver.ReceiverSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReceiveCommandTest {

    @Test
    void defaultsToPlainHttpOnTheLoopbackWithTheTopicsNamedAsRunsOptions() {
        ReceiverSettings s = parse("--bootstrap-servers", "k:9092").settings();
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.tls()).isFalse();
        assertThat(s.metricsPort()).isNull();
        assertThat(s.topic(Provider.WECHAT)).isEqualTo("wechat-notifications");
        assertThat(s.topic(Provider.ALIPAY)).isEqualTo("alipay-notifications");
        assertThat(s.maxBodyBytes()).isEqualTo(32 * 1024);
        assertThat(s.ratePerSecond()).isEqualTo(50);
        assertThat(s.burst()).isEqualTo(100);
        assertThat(s.sendTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.kafkaClientProperties()).isEmpty();
    }

    @Test
    void withACertificateAndKeyItServesHttpsOn8443() {
        ReceiverSettings s =
                parse(
                                "--bootstrap-servers", "k:9092",
                                "--tls-cert", "tls.crt",
                                "--tls-key", "tls.key",
                                "--bind", "0.0.0.0",
                                "--send-timeout", "2s",
                                "--wechat-notifications-topic", "wx-raw",
                                "--metrics-port", "9250")
                        .settings();
        assertThat(s.tls()).isTrue();
        assertThat(s.port()).isEqualTo(8443);
        assertThat(s.tlsCertificate()).isEqualTo(Path.of("tls.crt"));
        assertThat(s.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(s.sendTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.topic(Provider.WECHAT)).isEqualTo("wx-raw");
        assertThat(s.metricsPort()).isEqualTo(9250);
        assertThat(s.metricsBindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        ReceiveCommand cmd = parse("--bootstrap-servers", "k:9092", "--tls-cert", "tls.crt");
        assertThatThrownBy(cmd::settings).hasMessageContaining("--tls-cert and --tls-key");
    }

    @Test
    void passesKafkaClientSettingsThroughButNotTheOnesThatWouldWeakenTheWrite() {
        ReceiverSettings s =
                parse(
                                "--bootstrap-servers", "k:9093",
                                "--kafka.security.protocol", "SASL_SSL",
                                "--kafka.sasl.mechanism", "SCRAM-SHA-512")
                        .settings();
        assertThat(s.kafkaClientProperties())
                .isEqualTo(
                        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k", "--kafka.acks", "1").settings())
                .hasMessageContaining("acks=all");
        assertThatThrownBy(
                        () ->
                                parse(
                                                "--bootstrap-servers",
                                                "k",
                                                "--kafka.enable.idempotence",
                                                "false")
                                        .settings())
                .hasMessageContaining("idempotent");
        assertThatThrownBy(() -> parse("--bootstrap-servers", "k", "--prot", "1").settings())
                .isInstanceOf(UnknownOptionException.class)
                .hasMessageContaining("--prot");
    }

    @Test
    void aBodyLimitTheJobCouldNotReadIsRefused() {
        ReceiveCommand cmd = parse("--bootstrap-servers", "k:9092", "--max-body", "65536");
        assertThatThrownBy(cmd::settings).hasMessageContaining("1 to 32768 bytes");
    }

    @Test
    void theBootstrapServersAreRequired() {
        Cli.Run r = Cli.run("receive");
        assertThat(r.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("--bootstrap-servers");
    }

    /** The {@code receive} command as Main parses it (with its converters). */
    static ReceiveCommand receive(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "receive";
        System.arraycopy(args, 0, all, 1, args.length);
        return (ReceiveCommand)
                Main.commandLine().parseArgs(all).subcommand().commandSpec().userObject();
    }

    private static ReceiveCommand parse(String... args) {
        return ReceiveCommandTest.receive(args);
    }
}
