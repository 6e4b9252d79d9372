package io.debitwatch.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Account passwords: bcrypt hashes (Spring Security's {@link BCryptPasswordEncoder}, cost {@value
 * #BCRYPT_COST}), the policy a new password must meet, and random passwords for the demo.
 */
public final class Passwords {

    /**
     * bcrypt's work factor, 2^12 rounds. Measured on the 2-core build machine under a load of
     * 13-18: 0.11 s per check at cost 10, 0.44 s at 11, 0.81 s at 12 (less on an idle core). The
     * rate limits are checked before any hash, so refused attempts cost no bcrypt work.
     */
    public static final int BCRYPT_COST = 12;

    public static final int MIN_LENGTH = 12;

    /** bcrypt reads only the first 72 bytes; a longer password would be silently truncated. */
    public static final int MAX_BYTES = 72;

    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(BCRYPT_COST);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /**
     * A hash of a password nobody has, checked when the username is unknown so that a login takes
     * about as long whether the account exists or not.
     */
    private static final String DUMMY_HASH = ENCODER.encode(random(24));

    private Passwords() {}

    /** The bcrypt hash of {@code password}, after checking it against {@link #requireStrong}. */
    public static String hash(String username, String password) {
        requireStrong(username, password);
        return ENCODER.encode(password);
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no such account) never does. */
    static boolean matches(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            // Still spend the time of a check: the answer must not tell what was wrong.
            ENCODER.matches("", DUMMY_HASH);
            return false;
        }
        if (hash == null) {
            ENCODER.matches(password, DUMMY_HASH);
            return false;
        }
        return ENCODER.matches(password, hash);
    }

    /**
     * Refuses a password that is empty, shorter than {@value #MIN_LENGTH} characters, longer than
     * {@value #MAX_BYTES} bytes, one repeated character, or containing the username.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static void requireStrong(String username, String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("the password is empty");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "the password is too short: at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "the password is too long: at most " + MAX_BYTES + " bytes in UTF-8");
        }
        if (password.chars().distinct().count() < 4) {
            throw new IllegalArgumentException(
                    "the password has fewer than 4 different characters");
        }
        if (username != null
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the password contains the username");
        }
    }

    /** A random password of {@code length} letters and digits (no look-alikes such as 0/O, 1/l). */
    public static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
