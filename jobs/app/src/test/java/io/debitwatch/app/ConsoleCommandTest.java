package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.console.Console;
import io.debitwatch.console.OutputTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConsoleCommandTest {

    @Test
    void defaultsToTheEmbeddedDatabaseOnLoopbackWithTheJobsTopicNames() throws Exception {
        Console.Settings s = parse("--bootstrap-servers", "127.0.0.1:9092").settings("ignored");
        assertThat(s.jdbcUrl()).isNull();
        assertThat(s.jdbcPassword()).isNull();
        assertThat(s.dataDir()).isEqualTo(Path.of(".debitwatch", "console", "pg"));
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8088);
        assertThat(s.topics()).isEqualTo(OutputTopics.defaults());
    }

    @Test
    void readsThePasswordFromItsFileElseFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret pass\n");
        String[] external = {
            "--bootstrap-servers",
            "k:9092",
            "--jdbc-url",
            "jdbc:postgresql://db/dw",
            "--jdbc-user",
            "dw"
        };
        assertThat(parse(external).settings("from-env").jdbcPassword()).isEqualTo("from-env");
        String[] withFile = new String[external.length + 2];
        System.arraycopy(external, 0, withFile, 0, external.length);
        withFile[external.length] = "--jdbc-password-file";
        withFile[external.length + 1] = file.toString();
        Console.Settings s = parse(withFile).settings("from-env");
        assertThat(s.jdbcPassword()).isEqualTo("s3cret pass");
        assertThat(s.jdbcUser()).isEqualTo("dw");
    }

    @Test
    void neverShowsTheParametersOfTheJdbcUrlWhichMayHoldAPassword() throws Exception {
        Console.Settings s =
                parse(
                                "--bootstrap-servers",
                                "k:9092",
                                "--jdbc-url",
                                "jdbc:postgresql://db:5432/dw?password=hunter2&ssl=true",
                                "--jdbc-user",
                                "dw")
                        .settings(null);
        assertThat(s.store()).isEqualTo("jdbc:postgresql://db:5432/dw");
    }

    @Test
    void aJdbcUrlNeedsAUser() {
        ConsoleCommand cmd =
                parse("--bootstrap-servers", "k:9092", "--jdbc-url", "jdbc:postgresql://db/dw");
        assertThatThrownBy(() -> cmd.settings(null)).hasMessageContaining("--jdbc-user");
    }

    @Test
    void mayListenOnAnyAddressNowThatEveryRequestNeedsALogin() throws Exception {
        Console.Settings s =
                parse("--bootstrap-servers", "k:9092", "--bind", "0.0.0.0", "--secure-cookies")
                        .settings(null);
        assertThat(s.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(s.auth().secureCookies()).isTrue();
        assertThat(parse("--bootstrap-servers", "k:9092").settings(null).auth().secureCookies())
                .isFalse();
    }

    @Test
    void needsItsBootstrapServersToRunButNotForItsAccountCommands() {
        Cli.Run run = Cli.run("console");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--bootstrap-servers");
        Cli.Run help = Cli.run("console", "add-user", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--password-file").doesNotContain("--password=");
    }

    private static ConsoleCommand parse(String... args) {
        ConsoleCommand cmd = new ConsoleCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }
}
