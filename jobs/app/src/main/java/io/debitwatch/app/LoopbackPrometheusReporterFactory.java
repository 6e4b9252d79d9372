package io.debitwatch.app;

import java.util.Properties;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The metric reporter of the app's local runtime: Flink's Prometheus exporter on 127.0.0.1 only
 * ({@link LoopbackPrometheusReporter}). Configured as {@code metrics.reporter.prom.factory.class}
 * with {@code metrics.reporter.prom.port}, as a cluster configures Flink's own reporter; {@link
 * MetricsPortOption} sets both.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    /** The reporter's option for its port. */
    static final String PORT = "port";

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String port = properties.getProperty(PORT);
        if (port == null) {
            throw new IllegalArgumentException("metrics reporter: no " + PORT + " given");
        }
        return new LoopbackPrometheusReporter(Integer.parseInt(port.trim()));
    }
}
