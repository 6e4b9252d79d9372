package io.debitwatch.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * {@code --metrics-port}: the local runtime's metrics for Prometheus (Flink's own and the job's,
 * the names a cluster's reporter exports: docs/runbook.md) at {@code
 * http://127.0.0.1:PORT/metrics}, loopback only ({@link LoopbackPrometheusReporterFactory}). Off by
 * default for {@code run}; {@code demo} serves them on a free port unless told otherwise.
 */
final class MetricsPortOption {

    /** The reporter's name in Flink's {@code metrics.reporter.<name>.*} settings. */
    static final String REPORTER = "prom";

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve Prometheus metrics at http://127.0.0.1:PORT/metrics (loopback only; 0"
                            + " for a free port).")
    Integer port;

    MetricsPortOption(Integer defaultPort) {
        this.port = defaultPort;
    }

    /**
     * Adds the reporter to {@code conf} when a port is given, and returns the URL it will serve
     * (null when off). Port 0 becomes a free port now, so that the URL can be printed before the
     * job starts; a port already in use is refused here rather than logged by Flink later.
     */
    String apply(Configuration conf) {
        if (port == null) {
            return null;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--metrics-port must be 0 to 65535, got " + port);
        }
        int chosen = checkFree(port);
        String prefix = "metrics.reporter." + REPORTER + ".";
        conf.setString(prefix + "factory.class", LoopbackPrometheusReporterFactory.class.getName());
        conf.setString(prefix + LoopbackPrometheusReporterFactory.PORT, Integer.toString(chosen));
        return "http://127.0.0.1:" + chosen + "/metrics";
    }

    /** {@code port} if it is free on the loopback (a free one for 0); refuses a port in use. */
    private static int checkFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "--metrics-port " + port + ": cannot listen on 127.0.0.1:" + port, e);
        }
    }
}
