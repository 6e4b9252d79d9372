package io.debitwatch.providers.keys;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Key pairs generated at test time, and the test-only certificate resources. */
public final class TestKeys {

    /** Signs the "real" notifications of the tests. */
    public static final KeyPair PLATFORM = rsa(2048);

    /** Another valid key: signatures made with it must not verify. */
    public static final KeyPair OTHER = rsa(2048);

    /** Serial of {@code test-only-platform-certificate.pem}, as WeChat Pay would write it. */
    public static final String CERT_SERIAL = "7A3F0C11D2E4B5968877665544332211AABBCCDD";

    private TestKeys() {}

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM armour around the key's standard encoding (SPKI for public, PKCS#8 for private). */
    public static String pem(String label, Key key) {
        return "-----BEGIN "
                + label
                + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END "
                + label
                + "-----\n";
    }

    public static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic());
    }

    /** A test resource of this package (the test-only certificate files). */
    public static Path resource(String name) {
        try {
            return Path.of(TestKeys.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
