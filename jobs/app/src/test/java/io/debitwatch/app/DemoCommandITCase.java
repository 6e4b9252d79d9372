package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.AlertType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code debitwatch demo} as a user runs it, shortened: embedded broker, the streaming job,
 * simulated traffic, and a perfect scorecard with every alert type present.
 */
class DemoCommandITCase {

    @Test
    void shortDemoScoresPerfect() throws Exception {
        CommandLine cli = Main.commandLine();
        cli.parseArgs("demo", "--duration", "10s", "--rate", "400", "--seed", "11");
        DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ScorecardResult r = demo.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertThat(r.perfect()).as(text).isTrue();
        assertThat(text).containsPattern("\n  metrics: http://127\\.0\\.0\\.1:[0-9]+/metrics\n");
        assertThat(text).containsPattern("\n  console: http://127\\.0\\.0\\.1:[0-9]+/incidents ");
        assertThat(text)
                .containsPattern(
                        "\n  console login: operator / [A-Za-z2-9]{20}  \\(sign in at"
                                + " http://127\\.0\\.0\\.1:[0-9]+/login\\)\n");
        for (AlertType t : AlertType.values()) {
            ScorecardResult.Alerts a = r.alerts().get(t);
            assertThat(a.expected()).as(t + " expected").isPositive();
            assertThat(a.detected()).as(t + " detected").isEqualTo(a.expected());
            assertThat(a.missing()).as(t + " missing").isZero();
            assertThat(a.unexpected()).as(t + " unexpected").isZero();
        }
        assertThat(r.refunds().expected()).isPositive();
        assertThat(r.refunds().emitted()).isEqualTo(r.refunds().expected());
        assertThat(r.refunds().duplicated()).isZero();
        assertThat(r.earlyWarnings().expected()).isPositive();
        assertThat(r.earlyWarnings().sent()).isEqualTo(r.earlyWarnings().expected());

        ScorecardResult.ConsoleStore c = r.console();
        assertThat(c).isNotNull();
        assertThat(c.caughtUp()).isTrue();
        assertThat(c.incidents().expected()).isPositive();
        assertThat(c.incidents())
                .isEqualTo(
                        new ScorecardResult.Stored(
                                c.incidents().expected(), c.incidents().expected(), 0, 0));
        assertThat(c.refundRequests())
                .isEqualTo(
                        new ScorecardResult.Stored(
                                r.refunds().expected(), r.refunds().expected(), 0, 0));
        assertThat(text)
                .contains("  console incidents        expected ")
                .contains("  console refund requests  expected ");
    }
}
