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

    private static final Pattern PKCS1 =
            Pattern.compile(
                    "-----BEGIN RSA PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END RSA PRIVATE"
                            + " KEY-----");

    /** DER of the AlgorithmIdentifier {rsaEncryption, NULL} that PKCS#8 puts before the key. */
    private static final byte[] RSA_ALGORITHM = {
        0x30,
        0x0d,
        0x06,
        0x09,
        0x2a,
        (byte) 0x86,
        0x48,
        (byte) 0x86,
        (byte) 0xf7,
        0x0d,
        0x01,
        0x01,
        0x01,
        0x05,
        0x00
    };

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

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher pkcs1 = PKCS1.matcher(pem);
        if (pkcs1.find()) {
            byte[] rsa = Base64.getMimeDecoder().decode(pkcs1.group(1));
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8OfRsa(rsa)));
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    file
                            + ": no unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----) or RSA key;"
                            + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out"
                            + " KEY.pk8");
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

    /** PrivateKeyInfo {version 0, rsaEncryption, OCTET STRING pkcs1}, in DER. */
    static byte[] pkcs8OfRsa(byte[] pkcs1) {
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[3 + RSA_ALGORITHM.length + octets.length];
        body[0] = 0x02; // INTEGER 0: the version
        body[1] = 0x01;
        body[2] = 0x00;
        System.arraycopy(RSA_ALGORITHM, 0, body, 3, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, 3 + RSA_ALGORITHM.length, octets.length);
        return der(0x30, body);
    }

    /** A DER element: tag, definite length (short or long form), content. */
    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length =
                n < 0x80
                        ? new byte[] {(byte) n}
                        : n < 0x100
                                ? new byte[] {(byte) 0x81, (byte) n}
                                : n < 0x10000
                                        ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                                        : new byte[] {
                                            (byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n
                                        };
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
