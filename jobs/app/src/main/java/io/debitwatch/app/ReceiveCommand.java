package io.debitwatch.app;

import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.UnknownOptionException;
import io.debitwatch.job.kafka.KafkaClientProperties;
import io.debitwatch.receiver.NotificationReceiver;
import io.debitwatch.receiver.Provider;
import io.debitwatch.receiver.ReceiverSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code debitwatch receive}: the HTTPS endpoint the providers call (WeChat Pay v3 and Alipay
 * notify_url). Each notification is written as received to its raw notification topic, {@code
 * acks=all}, before the provider is told it arrived; the job reads those topics ({@code run
 * --wechat-notifications-topic …}) and verifies them. Runs until Ctrl-C. docs/receiver.md.
 */
@Command(
        name = "receive",
        mixinStandardHelpOptions = true,
        description =
                "Receive WeChat Pay and Alipay notifications over HTTPS (POST /notify/wechat,"
                        + " /notify/alipay, each optionally /ACCOUNT) and write each as received to"
                        + " its Kafka topic (acks=all) before answering; runs until Ctrl-C. Kafka"
                        + " client settings as --kafka.NAME VALUE.")
final class ReceiveCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind = "127.0.0.1";

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port to listen on (default: 8443 with TLS, else 8080; 0: a free port).")
    Integer port;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM certificate chain (leaf first): serve HTTPS. Needs --tls-key.")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "PEM private key of --tls-cert, unencrypted (PKCS#8, or PKCS#1 RSA).")
    Path tlsKey;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve /metrics (and /healthz, /readyz) on their own listener at"
                            + " --metrics-bind:PORT (0: a free port); without it /metrics is on the"
                            + " notify listener.")
    Integer metricsPort;

    @Option(
            names = "--metrics-bind",
            paramLabel = "ADDRESS",
            description = "Address of the metrics listener (default: ${DEFAULT-VALUE}).")
    String metricsBind = "127.0.0.1";

    @Option(
            names = "--wechat-notifications-topic",
            paramLabel = "TOPIC",
            description = "Topic of the WeChat Pay notifications (default: ${DEFAULT-VALUE}).")
    String wechatTopic = ReceiverSettings.DEFAULT_WECHAT_TOPIC;

    @Option(
            names = "--alipay-notifications-topic",
            paramLabel = "TOPIC",
            description = "Topic of the Alipay notifications (default: ${DEFAULT-VALUE}).")
    String alipayTopic = ReceiverSettings.DEFAULT_ALIPAY_TOPIC;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            description = "Larger request bodies are answered 413 (default: ${DEFAULT-VALUE}).")
    int maxBody = ReceiverSettings.DEFAULT_MAX_BODY_BYTES;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            description =
                    "Requests per second per source address, above which 429 (default:"
                            + " ${DEFAULT-VALUE}; 0: no limit).")
    double rate = 50;

    @Option(
            names = "--burst",
            paramLabel = "N",
            description = "Requests a source address may send at once (default: ${DEFAULT-VALUE}).")
    int burst = 100;

    @Option(
            names = "--send-timeout",
            paramLabel = "DURATION",
            description =
                    "How long Kafka may take to acknowledge before the provider is asked to send"
                            + " again (default: 3s; WeChat Pay waits 5 s for an answer).")
    Duration sendTimeout = Duration.ofSeconds(3);

    /** Kafka client settings for the producer: {@code --kafka.NAME VALUE} (TLS, SASL). */
    @Unmatched List<String> kafkaClientArgs = new ArrayList<>();

    /** The settings these options describe. */
    ReceiverSettings settings() {
        int chosenPort = port != null ? port : tlsCert != null ? 8443 : 8080;
        ReceiverSettings.Builder b =
                ReceiverSettings.builder()
                        .bootstrapServers(bootstrapServers)
                        .bind(bind, chosenPort)
                        .metrics(metricsBind, metricsPort)
                        .kafkaClientProperties(clientProperties().asMap())
                        .topic(Provider.WECHAT, wechatTopic)
                        .topic(Provider.ALIPAY, alipayTopic)
                        .maxBodyBytes(maxBody)
                        .rateLimit(rate, burst)
                        .sendTimeout(sendTimeout);
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            b.tls(tlsCert, tlsKey);
        }
        return b.build();
    }

    /** The {@code --kafka.NAME VALUE} settings; any other unknown option is refused. */
    KafkaClientProperties clientProperties() {
        Configuration conf = DebitwatchOptions.fromArgs(kafkaClientArgs.toArray(String[]::new));
        for (String key : conf.keySet()) {
            if (!key.startsWith(KafkaClientProperties.PREFIX)) {
                throw new UnknownOptionException(
                        "unknown option --"
                                + key
                                + " (besides its own options, receive takes Kafka client settings"
                                + " as --kafka.NAME VALUE)");
            }
        }
        return KafkaClientProperties.from(conf);
    }

    @Override
    public Integer call() throws Exception {
        ReceiverSettings settings = settings();
        NotificationReceiver receiver = NotificationReceiver.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    receiver.close();
                                    stopped.countDown();
                                },
                                "debitwatch-receive-shutdown"));
        System.out.println(
                "Receiving at "
                        + receiver.url()
                        + "/notify/wechat[/ACCOUNT] -> "
                        + settings.topic(Provider.WECHAT)
                        + " and "
                        + receiver.url()
                        + "/notify/alipay[/ACCOUNT] -> "
                        + settings.topic(Provider.ALIPAY)
                        + " on "
                        + settings.bootstrapServers());
        System.out.println(
                "Health: "
                        + receiver.url()
                        + "/healthz, /readyz; metrics: "
                        + receiver.metricsUrl()
                        + (settings.tls() ? "" : "   (plain HTTP: give --tls-cert and --tls-key)")
                        + "   (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
