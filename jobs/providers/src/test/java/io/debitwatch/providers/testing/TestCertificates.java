package io.debitwatch.providers.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Self-signed RSA certificates generated at test time with the JDK's own {@code keytool} (the JDK
 * has no public API that builds a certificate), standing in for WeChat Pay platform certificates
 * and Alipay public-key certificates.
 */
public final class TestCertificates {

    private static final char[] STORE_PASSWORD = "test-only-store".toCharArray();

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair pair) {

        /** The serial in upper-case hexadecimal, as WeChat Pay sends it in Wechatpay-Serial. */
        public String serialHex() {
            return certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        }

        public String pem() {
            try {
                return "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    private TestCertificates() {}

    /** A new 2048-bit RSA certificate for {@code commonName}, valid for ten years. */
    public static Issued issue(String commonName) {
        try {
            Path dir = Files.createTempDirectory("test-cert");
            Path store = dir.resolve("store.p12");
            Process p =
                    new ProcessBuilder(
                                    List.of(
                                            Path.of(
                                                            System.getProperty("java.home"),
                                                            "bin",
                                                            "keytool")
                                                    .toString(),
                                            "-genkeypair",
                                            "-alias",
                                            "k",
                                            "-keyalg",
                                            "RSA",
                                            "-keysize",
                                            "2048",
                                            "-sigalg",
                                            "SHA256withRSA",
                                            "-validity",
                                            "3650",
                                            "-dname",
                                            "CN=" + commonName + ", O=test only",
                                            "-storetype",
                                            "PKCS12",
                                            "-keystore",
                                            store.toString(),
                                            "-storepass",
                                            new String(STORE_PASSWORD)))
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, STORE_PASSWORD);
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("k");
            PrivateKey key = (PrivateKey) ks.getKey("k", STORE_PASSWORD);
            Files.delete(store);
            Files.delete(dir);
            return new Issued(cert, new KeyPair(cert.getPublicKey(), key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
