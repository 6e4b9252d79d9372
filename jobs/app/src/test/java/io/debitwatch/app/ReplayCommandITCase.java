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
