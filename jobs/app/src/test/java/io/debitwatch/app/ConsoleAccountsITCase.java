package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.EmbeddedPostgresServer;
import io.debitwatch.console.Principal;
import io.debitwatch.console.auth.Account;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.ApiToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;

/**
 * {@code console add-user}, {@code add-token} and {@code revoke-token} against a real embedded
 * PostgreSQL data directory, as the console itself then opens it, and against {@code --jdbc-url}.
 */
class ConsoleAccountsITCase {

    private static final String PASSWORD = "a long enough secret";

    @Test
    void addsAnAccountWithABcryptHashToTheEmbeddedStore(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pg");
        Path file = dir.resolve("pw");
        Files.writeString(file, PASSWORD + "\n");

        Account account =
                addUser(
                                "--data-dir", data.toString(),
                                "--username", "Alice",
                                "--role", "OPERATOR",
                                "--merchant", "M1,M2",
                                "--password-file", file.toString())
                        .addUser(null, null, null);

        assertThat(account.username()).isEqualTo("alice");
        assertThat(account.role()).isEqualTo(Principal.Role.OPERATOR);
        assertThat(account.scope()).isEqualTo(Principal.MerchantScope.only(Set.of("M1", "M2")));
        try (ConsoleDatabase db = ConsoleDatabase.embedded(data)) {
            assertThat(new AccountStore(db.dataSource()).find("alice")).contains(account);
            String hash = passwordHash(db, "alice");
            assertThat(hash).startsWith("$2a$12$").doesNotContain(PASSWORD);
            assertThat(new BCryptPasswordEncoder().matches(PASSWORD, hash)).isTrue();
        }
    }

    @Test
    void refusesAWeakPasswordBeforeStartingTheDatabase(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "short\n");
        Path data = dir.resolve("pg");

        Cli.Run run =
                Cli.run(
                        "console", "add-user",
                        "--data-dir", data.toString(),
                        "--username", "bob",
                        "--role", "viewer",
                        "--password-file", file.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("too short");
        assertThat(data).doesNotExist();
    }

    @Test
    void takesThePasswordFromTheEnvironmentAndNeverFromAnOption(@TempDir Path dir) {
        ConsoleAddUserCommand noPassword =
                addUser("--data-dir", dir.toString(), "--username", "carol", "--role", "admin");
        assertThatThrownBy(() -> noPassword.addUser(null, null, null))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--password-file");
        assertThatThrownBy(
                        () -> addUser("--username", "carol", "--role", "admin", "--password", "x"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void worksAgainstAPostgresqlGivenByJdbcUrlAndRefusesATakenName(@TempDir Path dir)
            throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("own"))) {
            String[] store = {
                "--jdbc-url", server.jdbcUrl("postgres"), "--jdbc-user", EmbeddedPostgresServer.USER
            };
            Account dan =
                    addUser(concat(store, "--username", "dan", "--role", "admin"))
                            .addUser(PASSWORD, null, null);
            assertThat(dan.role()).isEqualTo(Principal.Role.ADMIN);
            assertThat(dan.scope().all()).isTrue();
            assertThatThrownBy(
                            () ->
                                    addUser(concat(store, "--username", "DAN", "--role", "viewer"))
                                            .addUser(PASSWORD + "2", null, null))
                    .hasMessageContaining("already an account dan");

            Path newPassword = dir.resolve("new.pw");
            Files.writeString(newPassword, PASSWORD + " changed\n");
            Cli.Run set =
                    Cli.run(
                            concat(
                                    new String[] {"console", "set-password"},
                                    concat(
                                            store,
                                            "--username",
                                            "dan",
                                            "--password-file",
                                            newPassword.toString())));
            assertThat(set.exit()).as(set.err()).isZero();
            Cli.Run disable =
                    Cli.run(
                            concat(
                                    new String[] {"console", "disable-user"},
                                    concat(store, "--username", "dan")));
            assertThat(disable.exit()).as(disable.err()).isZero();
            try (ConsoleDatabase db =
                    ConsoleDatabase.external(
                            server.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, null)) {
                Account stored = new AccountStore(db.dataSource()).find("dan").orElseThrow();
                assertThat(stored.disabled()).isTrue();
                String hash = passwordHash(db, "dan");
                assertThat(new BCryptPasswordEncoder().matches(PASSWORD + " changed", hash))
                        .isTrue();
            }

            ConsoleAddTokenCommand add = new ConsoleAddTokenCommand();
            new CommandLine(add)
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .parseArgs(concat(store, "--name", "acquirer-a", "--role", "viewer"));
            ApiToken.Created token = add.addToken(null);
            assertThat(token.secret()).startsWith("dwt_").hasSizeGreaterThan(40);
            assertThat(token.token().role()).isEqualTo(Principal.Role.VIEWER);

            Cli.Run revoke =
                    Cli.run(
                            concat(
                                    new String[] {"console", "revoke-token"},
                                    concat(store, "--name", "acquirer-a")));
            assertThat(revoke.exit()).as(revoke.err()).isZero();
            Cli.Run again =
                    Cli.run(
                            concat(
                                    new String[] {"console", "revoke-token"},
                                    concat(store, "--name", "acquirer-a")));
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.err()).contains("no live API token named acquirer-a");
        }
    }

    private static ConsoleAddUserCommand addUser(String... args) {
        ConsoleAddUserCommand cmd = new ConsoleAddUserCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return cmd;
    }

    private static String passwordHash(ConsoleDatabase db, String username) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT password_hash FROM accounts WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
