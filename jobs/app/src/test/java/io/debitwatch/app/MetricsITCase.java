package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.StreamingJob;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job as {@code run --metrics-port} runs it, on an in-process broker with the bundled sample:
 * its metrics are served on the loopback in Prometheus' format, with the business metrics counting
 * what the sample gives, and every metric that the Grafana dashboard and the alert rules of {@code
 * deploy/monitoring} query is one the running job really exports (names taken from the scrape).
 */
class MetricsITCase {

    private static final Path MONITORING = Path.of("..", "..", "deploy", "monitoring");

    /** A metric name in PromQL or in the exposition format (all of Flink's start so). */
    private static final Pattern FLINK_NAME = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    private static final String OPERATOR = "flink_taskmanager_job_task_operator_";

    @Test
    @Timeout(300)
    void runServesTheMetricsThatTheDashboardAndAlertRulesQuery(@TempDir Path dir) throws Exception {
        Set<String> queried = new TreeSet<>();
        queried.addAll(namesIn(MONITORING.resolve("grafana-dashboard.json")));
        queried.addAll(namesIn(MONITORING.resolve("debitwatch-alerts.yaml")));

        Map<String, Integer> topics = new LinkedHashMap<>();
        KafkaCommand.topics().forEach(t -> topics.put(t, 2));
        try (EmbeddedKafka kafka =
                EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).build().start()) {
            kafka.createTopics(topics);
            assertThat(KafkaCommand.produceSample(kafka.bootstrapServers())).isPositive();

            RunCommand run = new RunCommand();
            new CommandLine(run)
                    .parseArgs(
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--checkpoint-dir",
                            dir.resolve("checkpoints").toString(),
                            "--fresh",
                            "--metrics-port",
                            "0",
                            "--transactional-id-prefix",
                            "metrics-it",
                            "--starting-offsets",
                            "earliest",
                            "--idleness",
                            "2 s",
                            // Unkeyed records spread over the partitions: none is late.
                            "--out-of-orderness",
                            "1 h",
                            "--execution.checkpointing.interval",
                            "1 s");
            Configuration conf = run.configuration(dir.resolve("work"));
            String url = run.metrics.apply(conf);
            assertThat(url).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");

            JobClient job =
                    StreamingJob.start(
                            StreamExecutionEnvironment.getExecutionEnvironment(conf), conf);
            try {
                String scrape = awaitScrape(url, queried);
                Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
                Set<String> exported = exportedNames(scrape);
                assertThat(queried)
                        .as("metrics that deploy/monitoring queries (scrape in target/)")
                        .hasSizeGreaterThan(10);
                assertThat(exported).containsAll(queried);

                // The business metrics count what the sample gives (TopologyTest has the same
                // counts): 19 alerts, 10 refunds in CNY, dead letters under bounded labels.
                assertThat(sum(scrape, OPERATOR + "type_provider_alerts", "")).isEqualTo(19);
                assertThat(sum(scrape, OPERATOR + "currency_refundRequests", "currency=\"CNY\""))
                        .isEqualTo(10);
                assertThat(sum(scrape, OPERATOR + "currency_refundAmountMinor", "")).isPositive();
                assertThat(sum(scrape, OPERATOR + "source_reason_deadLetters", "")).isEqualTo(6);
                assertThat(sum(scrape, OPERATOR + "openOrders", "")).isGreaterThanOrEqualTo(0);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Scrapes until every queried name is exported and the sample's alerts are all counted. */
    private static String awaitScrape(String url, Set<String> queried) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
        String scrape = "";
        while (System.nanoTime() < deadline) {
            try {
                scrape =
                        http.send(
                                        HttpRequest.newBuilder(URI.create(url))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
            } catch (IOException e) {
                scrape = "";
            }
            if (exportedNames(scrape).containsAll(queried)
                    && sum(scrape, OPERATOR + "type_provider_alerts", "") >= 19
                    && sum(scrape, OPERATOR + "currency_refundRequests", "") >= 10) {
                return scrape;
            }
            Thread.sleep(1_000);
        }
        return scrape;
    }

    /** The metric names of a scrape in Prometheus' text format. */
    static Set<String> exportedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
            }
        }
        return names;
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labelFilter}. */
    static double sum(String scrape, String name, String labelFilter) {
        double total = 0;
        for (String line : scrape.lines().toList()) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " "))
                    && line.contains(labelFilter)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** The Flink metric names a file of deploy/monitoring queries. */
    static Set<String> namesIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = FLINK_NAME.matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
