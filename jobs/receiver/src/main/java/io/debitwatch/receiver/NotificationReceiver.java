package io.debitwatch.receiver;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The endpoint the providers call (WeChat Pay v3 and Alipay notify_url): each notification is
 * written as received to its raw notification topic ({@link RawNotification}) and answered as
 * received only once Kafka acknowledged it with {@code acks=all}; when the write fails or times
 * out, the answer asks the provider to send it again. So every notification is either durable in
 * Kafka or retried by its provider. It verifies nothing: the job verifies signatures with the keys.
 *
 * <pre>{@code
 * try (NotificationReceiver receiver = NotificationReceiver.start(settings)) {
 *     System.out.println("listening on " + receiver.url());
 *     receiver.join();
 * }
 * }</pre>
 */
public final class NotificationReceiver implements AutoCloseable {

    private final ReceiverSettings settings;
    private final KafkaWriter writer;
    private final ReceiverMetrics metrics = new ReceiverMetrics();
    private final Server server;
    private final ServerConnector notifyConnector;
    private final ServerConnector metricsConnector;

    private NotificationReceiver(ReceiverSettings settings) throws Exception {
        this.settings = settings;
        this.writer =
                new KafkaWriter(
                        settings.bootstrapServers(),
                        settings.kafkaClientProperties(),
                        settings.sendTimeout(),
                        List.copyOf(settings.topics().values()));
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("receiver");
        this.server = new Server(threads);
        this.notifyConnector = notifyConnector();
        server.addConnector(notifyConnector);
        this.metricsConnector = settings.metricsPort() == null ? null : metricsConnector();
        ReceiverHandler handler =
                new ReceiverHandler(
                        settings,
                        writer,
                        new TokenBuckets(settings.ratePerSecond(), settings.burst(), 100_000),
                        metrics,
                        Clock.systemUTC());
        if (metricsConnector != null) {
            server.addConnector(metricsConnector);
            handler.metricsConnector(metricsConnector);
        }
        // Graceful: a stop lets the requests in flight get their Kafka answer first.
        server.setHandler(new GracefulHandler(handler));
        server.setStopTimeout(5_000);
    }

    /** Starts listening; the Kafka producer connects lazily, on the first write. */
    public static NotificationReceiver start(ReceiverSettings settings) throws Exception {
        NotificationReceiver receiver = new NotificationReceiver(settings);
        try {
            receiver.server.start();
        } catch (Exception e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    private ServerConnector notifyConnector() throws Exception {
        HttpConfiguration http = httpConfiguration();
        ServerConnector connector;
        if (settings.tls()) {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(PemKeyStore.load(settings.tlsCertificate(), settings.tlsKey()));
            tls.setKeyStorePassword(PemKeyStore.PASSWORD);
            tls.setCertAlias(PemKeyStore.ALIAS);
            // Providers call by host name; the certificate need not name every address we bind.
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector =
                    new ServerConnector(
                            server,
                            new SslConnectionFactory(tls, "http/1.1"),
                            new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setName("notify");
        return connector;
    }

    private ServerConnector metricsConnector() {
        ServerConnector connector =
                new ServerConnector(server, new HttpConnectionFactory(httpConfiguration()));
        connector.setHost(settings.metricsBindAddress());
        connector.setPort(settings.metricsPort());
        connector.setName("metrics");
        return connector;
    }

    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        return http;
    }

    /** The port the notify listener is bound to (the chosen one when 0 was asked). */
    public int port() {
        return notifyConnector.getLocalPort();
    }

    /** The port of the metrics listener, or -1 when {@code /metrics} is on the notify listener. */
    public int metricsPort() {
        return metricsConnector == null ? -1 : metricsConnector.getLocalPort();
    }

    /** {@code http(s)://ADDRESS:PORT}, the base of the notify URLs. */
    public String url() {
        return (settings.tls() ? "https" : "http")
                + "://"
                + hostForUrl(settings.bindAddress())
                + ":"
                + port();
    }

    /** {@code http://ADDRESS:PORT/metrics}. */
    public String metricsUrl() {
        return metricsConnector == null
                ? url() + "/metrics"
                : "http://"
                        + hostForUrl(settings.metricsBindAddress())
                        + ":"
                        + metricsPort()
                        + "/metrics";
    }

    private static String hostForUrl(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    public ReceiverSettings settings() {
        return settings;
    }

    /** Answered requests of {@code provider} with {@code outcome} (a metrics label). */
    public long count(Provider provider, String outcome) {
        return metrics.count(
                provider, ReceiverMetrics.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops taking requests, lets those in flight finish (up to 5 s), then closes the producer. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort; the producer is closed below in any case.
        } finally {
            writer.close();
        }
    }
}
