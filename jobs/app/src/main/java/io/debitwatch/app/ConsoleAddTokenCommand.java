package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import io.debitwatch.console.Principal;
import io.debitwatch.console.auth.ApiToken;
import io.debitwatch.console.auth.ApiTokenStore;
import io.debitwatch.console.auth.MerchantScopes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch console add-token}: creates an API token for a machine client and prints it
 * once; the store keeps only its SHA-256.
 */
@Command(
        name = "add-token",
        mixinStandardHelpOptions = true,
        description =
                "Create an API token (sent as 'Authorization: Bearer TOKEN') and print it once."
                        + " With the embedded PostgreSQL, run it while the console is stopped.")
final class ConsoleAddTokenCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ConsoleStoreOptions store = new ConsoleStoreOptions();

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "Who uses it, e.g. acquirer-a (1-64 of a-z, 0-9, '.', '_', '-').")
    String name;

    @Option(
            names = "--role",
            required = true,
            paramLabel = "ROLE",
            description = "viewer, operator or admin.")
    Principal.Role role;

    @Option(
            names = "--merchant",
            paramLabel = "M1,M2",
            description = "Only these merchants' incidents (default: every merchant).")
    String merchants;

    @Override
    public Integer call() throws Exception {
        ApiToken.Created created = addToken(System.getenv(ConsoleStoreOptions.PASSWORD_ENV));
        var out = spec.commandLine().getOut();
        out.println("created API token " + created.token().name() + "; it is shown only now:");
        out.println(created.secret());
        out.flush();
        return 0;
    }

    ApiToken.Created addToken(String envJdbcPassword) throws Exception {
        Principal.MerchantScope scope = MerchantScopes.parse(merchants);
        try (ConsoleDatabase db = store.open(envJdbcPassword)) {
            return new ApiTokenStore(db.dataSource()).create(name, role, scope, "command line");
        }
    }
}
