package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.auth.AccountStore;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch console disable-user}: the account can no longer sign in and its sessions end;
 * {@code --enable} lets it in again. Accounts are disabled rather than deleted, so that the names
 * in the audit trail stay unique.
 */
@Command(
        name = "disable-user",
        mixinStandardHelpOptions = true,
        description = "Disable a console account (its sessions end at once), or --enable it again.")
final class ConsoleDisableUserCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ConsoleStoreOptions store = new ConsoleStoreOptions();

    @Option(
            names = "--username",
            required = true,
            paramLabel = "NAME",
            description = "The account.")
    String username;

    @Option(names = "--enable", description = "Enable the account instead.")
    boolean enable;

    @Override
    public Integer call() throws Exception {
        boolean found;
        try (ConsoleDatabase db = store.open(System.getenv(ConsoleStoreOptions.PASSWORD_ENV))) {
            found = new AccountStore(db.dataSource()).setDisabled(username, !enable);
        }
        if (!found) {
            spec.commandLine().getErr().println("no account " + username);
            return 1;
        }
        spec.commandLine().getOut().println((enable ? "enabled " : "disabled ") + username);
        return 0;
    }
}
