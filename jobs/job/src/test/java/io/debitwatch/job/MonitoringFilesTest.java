package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.core.json.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.YamlParserUtils;
import org.junit.jupiter.api.Test;

/**
 * The files of {@code deploy/monitoring}: the alert rules pass {@code promtool check rules} (the
 * Prometheus package's own checker; {@code .ci/run} installs it, and this test fails rather than
 * skip when it is missing) and their unit tests ({@code promtool test rules}), every alert has its
 * section in {@code docs/runbook.md}, and every panel of the Grafana dashboard queries something.
 * That the metrics they name are exported is {@code MetricsITCase}'s check, on a running job.
 */
class MonitoringFilesTest {

    private static final Path ROOT = Path.of("..", "..");
    private static final Path RULES = ROOT.resolve("deploy/monitoring/debitwatch-alerts.yaml");
    private static final Path RULES_TEST =
            ROOT.resolve("deploy/monitoring/debitwatch-alerts-test.yaml");
    private static final Path DASHBOARD = ROOT.resolve("deploy/monitoring/grafana-dashboard.json");
    private static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString()))
                .contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void theAlertRulesFireInTheirUnitTestsAndOnlyThere() throws Exception {
        // Refunds decided but not committed, a surge per provider, a lagging (not idle) input,
        // restarts: each fires on its series and stays silent on the others.
        assertThat(promtool("test", "rules", RULES_TEST.toString())).contains("SUCCESS");
    }

    /** Runs promtool; its output, after asserting that it succeeded. */
    private static String promtool(String... args) throws Exception {
        String promtool = onPath("promtool");
        assertThat(promtool)
                .as(
                        "promtool on the PATH (Debian: apt-get install prometheus; .ci/run installs"
                                + " it)")
                .isNotNull();
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void everyAlertHasItsRunbookSection() throws Exception {
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        Set<String> anchors = new TreeSet<>();
        for (String line : Files.readAllLines(RUNBOOK)) {
            if (line.startsWith("## ")) {
                anchors.add(anchor(line.substring(3)));
            }
        }
        for (Map<String, Object> alert : alerts) {
            String name = String.valueOf(alert.get("alert"));
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
            assertThat(annotations)
                    .as(name)
                    .containsKeys("summary", "description")
                    .containsEntry(
                            "runbook_url", "docs/runbook.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors)
                    .as("a section \"## %s\" in docs/runbook.md", name)
                    .contains(name.toLowerCase(Locale.ROOT));
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) alert.get("labels");
            assertThat(labels.get("severity")).as(name).isIn("warning", "critical");
        }
    }

    @Test
    void everyDashboardPanelQueriesFlinksMetrics() throws Exception {
        JsonNode dashboard = Json.mapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("title").asText()).isNotBlank();
        JsonNode panels = dashboard.path("panels");
        assertThat(panels.size()).isGreaterThanOrEqualTo(8);
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText())
                        .as(panel.path("title").asText())
                        .contains("flink_");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alerts() throws Exception {
        Map<String, Object> rules = YamlParserUtils.loadYamlFile(RULES.toFile());
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            alerts.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return alerts;
    }

    /** GitHub's anchor of a heading: lower case, spaces to dashes, punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
