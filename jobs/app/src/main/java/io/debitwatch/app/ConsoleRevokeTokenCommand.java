package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.auth.ApiTokenStore;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code debitwatch console revoke-token}: refuses an API token from its next request on. */
@Command(
        name = "revoke-token",
        mixinStandardHelpOptions = true,
        description = "Revoke an API token by its name.")
final class ConsoleRevokeTokenCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ConsoleStoreOptions store = new ConsoleStoreOptions();

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The token's name.")
    String name;

    @Override
    public Integer call() throws Exception {
        boolean revoked;
        try (ConsoleDatabase db = store.open(System.getenv(ConsoleStoreOptions.PASSWORD_ENV))) {
            revoked = new ApiTokenStore(db.dataSource()).revoke(name);
        }
        if (!revoked) {
            spec.commandLine().getErr().println("no live API token named " + name);
            return 1;
        }
        spec.commandLine().getOut().println("revoked API token " + name);
        return 0;
    }
}
