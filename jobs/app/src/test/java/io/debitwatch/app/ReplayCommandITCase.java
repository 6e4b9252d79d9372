package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: {@code debitwatch replay} over the bundled sample. */
class ReplayCommandITCase {

    @TempDir Path dir;

    private Path sample(String name) throws Exception {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("sample/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().execute(args);
            return new Run(
                    exit,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void replayPrintsItsSummaryAndWritesTheFourFiles() throws Exception {
        Path out = dir.resolve("out");
        Run r =
                run(
                        "replay",
                        "--terminal-events",
                        sample("terminal-events.ndjson").toString(),
                        "--provider-events",
                        sample("provider-events.ndjson").toString(),
                        "--out",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("records read      72 (terminal 44, provider 28)")
                .contains("dead letters      6")
                .contains("alerts            19")
                .contains("UNMATCHED_DEBIT     11")
                .contains("refund requests   10")
                .contains("early warnings 7")
                .containsPattern("elapsed +[0-9.]+ s, [0-9,]+ events/s");
        for (String file :
                new String[] {
                    "alerts.ndjson",
                    "refund-requests.ndjson",
                    "notifications.ndjson",
                    "dead-letters.ndjson"
                }) {
            assertThat(out.resolve(file)).isNotEmptyFile();
        }
    }

    @Test
    void simulatedTrafficReplaysToExactlyItsGroundTruth() throws Exception {
        Path sim = dir.resolve("sim");
        Path out = dir.resolve("sim-out");
        assertThat(
                        run("simulate", "--orders", "3000", "--seed", "5", "--out", sim.toString())
                                .exit())
                .isZero();
        Run r =
                run(
                        "replay",
                        "--terminal-events",
                        sim.resolve("terminal-events.ndjson").toString(),
                        "--provider-events",
                        sim.resolve("provider-events.ndjson").toString(),
                        "--out",
                        out.toString());
        assertThat(r.exit()).as(r.err()).isZero();

        java.util.Set<String> expected = new java.util.TreeSet<>();
        long expectedDead = 0;
        for (String line : Files.readAllLines(sim.resolve("ground-truth.ndjson"))) {
            var g = io.debitwatch.core.json.Json.mapper().readTree(line);
            switch (g.get("record").asText()) {
                case "ALERT" ->
                        expected.add(
                                "ALERT "
                                        + g.get("out_trade_no").asText()
                                        + " "
                                        + g.get("type").asText()
                                        + " "
                                        + g.get("action").asText()
                                        + " "
                                        + g.get("amount_minor").asLong()
                                        + " "
                                        + java.time.Instant.parse(g.get("decided_at").asText()));
                case "REFUND_REQUEST" ->
                        expected.add(
                                "REFUND "
                                        + g.get("refund_request_id").asText()
                                        + " "
                                        + g.get("amount_minor").asLong());
                case "DEAD_LETTER" -> expectedDead++;
                default -> {}
            }
        }
        java.util.Set<String> actual = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("alerts.ndjson"))) {
            var a = io.debitwatch.core.json.Json.read(line, io.debitwatch.core.model.Alert.class);
            actual.add(
                    "ALERT "
                            + a.outTradeNo()
                            + " "
                            + a.type()
                            + " "
                            + a.action()
                            + " "
                            + (a.amountMinor() == null ? 0 : a.amountMinor())
                            + " "
                            + a.decidedAt());
        }
        for (String line : Files.readAllLines(out.resolve("refund-requests.ndjson"))) {
            var f =
                    io.debitwatch.core.json.Json.read(
                            line, io.debitwatch.core.model.RefundRequest.class);
            actual.add("REFUND " + f.refundRequestId() + " " + f.amountMinor());
        }
        assertThat(actual).hasSizeGreaterThan(100).isEqualTo(expected);
        assertThat(Files.readAllLines(out.resolve("dead-letters.ndjson")))
                .hasSize((int) expectedDead);
    }

    @Test
    void aMissingInputFileIsAClearErrorNotAStackTrace() throws Exception {
        Run r =
                run(
                        "replay",
                        "--terminal-events",
                        dir.resolve("nope.ndjson").toString(),
                        "--provider-events",
                        sample("provider-events.ndjson").toString(),
                        "--out",
                        dir.resolve("out2").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("nope.ndjson").doesNotContain("\tat ");
    }

    @Test
    void aBadOptionValueIsRefusedWithUsage() {
        Run r =
                run(
                        "replay",
                        "--terminal-events",
                        "a",
                        "--provider-events",
                        "b",
                        "--out",
                        "c",
                        "--callback-horizon",
                        "soon");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--callback-horizon");
    }
}
