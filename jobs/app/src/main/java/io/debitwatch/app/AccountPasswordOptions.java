package io.debitwatch.app;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where a console account's new password comes from: {@code --password-file}, else the environment
 * variable {@value #PASSWORD_ENV}, else a prompt on the terminal (twice). Never from an option's
 * value, which the process list and the shell history would show.
 */
final class AccountPasswordOptions {

    static final String PASSWORD_ENV = "DEBITWATCH_USER_PASSWORD";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description =
                    "A file holding the password (one line); else the environment variable "
                            + PASSWORD_ENV
                            + ", else a prompt.")
    Path passwordFile;

    /** The password; {@code terminal} is null when there is none to ask on. */
    String read(String username, String envPassword, Console terminal) throws IOException {
        if (passwordFile != null) {
            return ConsoleStoreOptions.SecretFiles.read(passwordFile);
        }
        if (envPassword != null) {
            return envPassword;
        }
        if (terminal == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no password: give --password-file FILE, set "
                            + PASSWORD_ENV
                            + ", or run this in a terminal to be asked");
        }
        char[] first = terminal.readPassword("Password for %s: ", username);
        char[] second = terminal.readPassword("The same again: ");
        try {
            if (first == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new String(first);
        } finally {
            wipe(first);
            wipe(second);
        }
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, ' ');
        }
    }
}
