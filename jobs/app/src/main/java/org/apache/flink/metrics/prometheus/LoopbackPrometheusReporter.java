package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Flink's Prometheus reporter, serving {@code /metrics} on the loopback interface only. Flink's own
 * {@link PrometheusReporter} listens on every interface and has no option for the address; the
 * app's local runtime (run, demo) must not open a port to the network. The class lives in Flink's
 * package because the reporter's registry is package-private there; everything else (names, labels,
 * types) is Flink's {@link AbstractPrometheusReporter}, so the scrape is exactly what a cluster's
 * reporter exports. Created by {@code io.debitwatch.app.LoopbackPrometheusReporterFactory}.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    private final HTTPServer server;

    /** Serves on 127.0.0.1:{@code port}; fails if the port is taken. */
    public LoopbackPrometheusReporter(int port) {
        try {
            server =
                    new HTTPServer(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                            registry,
                            true);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        log.info("Serving Prometheus metrics on http://127.0.0.1:{}/metrics", server.getPort());
    }

    /** The port served (the one asked for, or the one the system chose for 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.stop();
        super.close();
    }
}
