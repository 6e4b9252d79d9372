package io.debitwatch.providers.keys;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The merchant's WeChat Pay APIv3 key (APIv3密钥): 32 ASCII characters, used as the 256-bit AES key
 * that decrypts the {@code resource} of v3 notifications (AEAD_AES_256_GCM).
 *
 * <p>Read from a file holding exactly the 32 characters; one trailing newline ({@code \n} or {@code
 * \r\n}, as editors and {@code echo} add) is ignored, anything else is part of the key and makes
 * the length wrong. Other lengths and non-ASCII characters are refused with a message that states
 * the length found, never the key. Immutable, serialisable, and never printed.
 */
public final class ApiV3Key implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Length of an APIv3 key in ASCII characters (= bytes = 256 bits). */
    public static final int LENGTH = 32;

    private final SecretKeySpec key;

    private ApiV3Key(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** The key given as its 32 ASCII characters. */
    public static ApiV3Key of(String key) {
        if (key == null) {
            throw new IllegalArgumentException("APIv3 key missing");
        }
        byte[] bytes = new byte[key.length()];
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "APIv3 key must be "
                                + LENGTH
                                + " printable ASCII characters; found a "
                                + (c > 0x7e ? "non-ASCII" : "space or control")
                                + " character at position "
                                + (i + 1));
            }
            bytes[i] = (byte) c;
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "APIv3 key must be exactly "
                            + LENGTH
                            + " ASCII characters, got "
                            + bytes.length
                            + " (copy it from the merchant platform: 账户中心 > API安全)");
        }
        return new ApiV3Key(bytes);
    }

    /** The key in the file at {@code path}; one trailing newline is ignored. */
    public static ApiV3Key fromFile(Path path) {
        byte[] raw;
        try {
            if (Files.size(path) > 1024) {
                throw new IllegalArgumentException(
                        path + ": too large for an APIv3 key (" + LENGTH + " ASCII characters)");
            }
            raw = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(path + ": APIv3 key file not found");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    path + ": cannot read APIv3 key file (" + e.getClass().getSimpleName() + ")");
        }
        int n = raw.length;
        if (n > 0 && raw[n - 1] == '\n') {
            n--;
            if (n > 0 && raw[n - 1] == '\r') {
                n--;
            }
        }
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int b = raw[i] & 0xff;
            if (b < 0x21 || b > 0x7e) {
                throw new IllegalArgumentException(
                        path
                                + ": APIv3 key must be "
                                + LENGTH
                                + " printable ASCII characters; byte "
                                + (i + 1)
                                + " of the file is "
                                + (b > 0x7e ? "not ASCII" : "a space or control character")
                                + (i == 0 && b == 0xef ? " (a UTF-8 byte-order mark?)" : ""));
            }
            text.append((char) b);
        }
        try {
            return of(text.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    /** The AES key for AES/GCM/NoPadding; {@link SecretKeySpec} is immutable. */
    public SecretKey aesKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiV3Key k
                && MessageDigest.isEqual(key.getEncoded(), k.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return LENGTH;
    }

    @Override
    public String toString() {
        return "ApiV3Key[hidden]";
    }
}
