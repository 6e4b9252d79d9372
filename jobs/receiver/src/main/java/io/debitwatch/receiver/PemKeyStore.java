package io.debitwatch.receiver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's TLS identity from two PEM files, as a certificate manager or a Kubernetes TLS Secret
 * provides them: the certificate chain (leaf first) and the unencrypted PKCS#8 private key ({@code
 * -----BEGIN PRIVATE KEY-----}, RSA or EC), held in an in-memory key store that never touches the
 * disk. The key's content never appears in an error message.
 */
final class PemKeyStore {

    /** The in-memory store's password: it protects nothing, the store never leaves the JVM. */
    static final String PASSWORD = "in-memory";

    static final String ALIAS = "server";

    private static final Pattern PKCS8 =
            Pattern.compile(
                    "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {}

    /** A PKCS12 key store holding the key under {@link #ALIAS} with its chain. */
    static KeyStore load(Path certificateChain, Path privateKey)
            throws IOException, GeneralSecurityException {
        Certificate[] chain = certificates(certificateChain);
        PrivateKey key = privateKey(privateKey);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain);
        return store;
    }

    private static Certificate[] certificates(Path file)
            throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs =
                CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no PEM certificate in it");
        }
        return certs.toArray(Certificate[]::new);
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher m = PKCS8.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException(
                    file
                            + ": no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert"
                            + " it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        PKCS8EncodedKeySpec spec =
                new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": not an RSA, EC or Ed25519 private key");
    }
}
