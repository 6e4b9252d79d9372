package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.Passwords;
import java.io.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code debitwatch console set-password}: a new password for an account; ends its sessions. */
@Command(
        name = "set-password",
        mixinStandardHelpOptions = true,
        description =
                "Set a console account's password (from --password-file, else "
                        + AccountPasswordOptions.PASSWORD_ENV
                        + ", else a prompt) and sign it out everywhere.")
final class ConsoleSetPasswordCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ConsoleStoreOptions store = new ConsoleStoreOptions();

    @CommandLine.Mixin AccountPasswordOptions passwordOptions = new AccountPasswordOptions();

    @Option(
            names = "--username",
            required = true,
            paramLabel = "NAME",
            description = "The account.")
    String username;

    @Override
    public Integer call() throws Exception {
        if (!setPassword(
                System.getenv(AccountPasswordOptions.PASSWORD_ENV),
                System.getenv(ConsoleStoreOptions.PASSWORD_ENV),
                System.console())) {
            spec.commandLine().getErr().println("no account " + username);
            return 1;
        }
        spec.commandLine().getOut().println("set the password of " + username);
        return 0;
    }

    /** False when there is no such account. */
    boolean setPassword(String envPassword, String envJdbcPassword, Console terminal)
            throws Exception {
        String password = passwordOptions.read(username, envPassword, terminal);
        Passwords.requireStrong(username, password);
        try (ConsoleDatabase db = store.open(envJdbcPassword)) {
            return new AccountStore(db.dataSource()).setPassword(username, password);
        }
    }
}
