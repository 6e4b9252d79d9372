package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.Principal;
import io.debitwatch.console.auth.Account;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.MerchantScopes;
import io.debitwatch.console.auth.Passwords;
import java.io.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch console add-user}: creates a console account in the console's store. The
 * password comes from a file, the environment or a prompt on the terminal, never from an option
 * (the process list and shell history would show it), and must meet {@link
 * Passwords#requireStrong}.
 */
@Command(
        name = "add-user",
        mixinStandardHelpOptions = true,
        description =
                "Create a console account (password from --password-file, else "
                        + ConsoleAddUserCommand.PASSWORD_ENV
                        + ", else a prompt). With the embedded PostgreSQL, run it while the"
                        + " console is stopped.")
final class ConsoleAddUserCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = AccountPasswordOptions.PASSWORD_ENV;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ConsoleStoreOptions store = new ConsoleStoreOptions();

    @Option(
            names = "--username",
            required = true,
            paramLabel = "NAME",
            description = "1-64 of a-z, 0-9, '.', '_', '-' (stored lower-case).")
    String username;

    @Option(
            names = "--role",
            required = true,
            paramLabel = "ROLE",
            description = "viewer (reads), operator (also acts on incidents), admin (also users).")
    Principal.Role role;

    @Option(
            names = "--merchant",
            paramLabel = "M1,M2",
            description = "Only these merchants' incidents (default: every merchant).")
    String merchants;

    @CommandLine.Mixin AccountPasswordOptions passwordOptions = new AccountPasswordOptions();

    @Override
    public Integer call() throws Exception {
        Account account =
                addUser(
                        System.getenv(PASSWORD_ENV),
                        System.getenv(ConsoleStoreOptions.PASSWORD_ENV),
                        System.console());
        var out = spec.commandLine().getOut();
        out.printf(
                "created %s account %s (%s) in %s%n",
                account.role().name().toLowerCase(java.util.Locale.ROOT),
                account.username(),
                account.scope().all()
                        ? "every merchant"
                        : "merchants " + String.join(",", account.scope().merchantIds()),
                store.store());
        out.flush();
        return 0;
    }

    /**
     * Creates the account; {@code envPassword} is the account password from the environment, {@code
     * envJdbcPassword} the database's, {@code terminal} null when there is none.
     */
    Account addUser(String envPassword, String envJdbcPassword, Console terminal) throws Exception {
        Principal.MerchantScope scope = MerchantScopes.parse(merchants);
        String password = passwordOptions.read(username, envPassword, terminal);
        // Before the database starts: a weak password is refused at once.
        Passwords.requireStrong(username, password);
        try (ConsoleDatabase db = store.open(envJdbcPassword)) {
            return new AccountStore(db.dataSource()).create(username, role, scope, password);
        }
    }
}
