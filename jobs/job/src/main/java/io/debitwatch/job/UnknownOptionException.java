package io.debitwatch.job;

/**
 * An option nobody declared: a misspelling, most likely. The command line exits with 2, as for any
 * other usage error, and the job refuses to start.
 */
public final class UnknownOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownOptionException(String message) {
        super(message);
    }
}
