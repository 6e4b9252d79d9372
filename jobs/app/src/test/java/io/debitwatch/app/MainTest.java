package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A misspelt or missing command fails with exit code 2 and the reason, never exit 0. */
class MainTest {

    @Test
    void anUnknownCommandExitsTwoWithTheReason() {
        Cli.Run run = Cli.run("receiv");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'receiv'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownOptionExitsTwoWithTheReason() {
        Cli.Run run = Cli.run("replay", "--terminal-events", "t", "--out", "o", "--bogus");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void noCommandPrintsTheUsageToStderrAndExitsTwo() {
        Cli.Run run = Cli.run();
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no command given").contains("Usage: debitwatch");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpAndVersionStillExitZero() {
        assertThat(Cli.run("--help").exit()).isZero();
        assertThat(Cli.run("--version").out()).startsWith("debitwatch ");
    }
}
