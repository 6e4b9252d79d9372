package io.debitwatch.providers.keys;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;

/**
 * Loads the providers' RSA public keys from PEM text or files.
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>{@code -----BEGIN PUBLIC KEY-----}: an X.509 SubjectPublicKeyInfo (WeChat Pay's "platform
 *       public key" download, {@code openssl rsa -pubout} output, Alipay's public key saved as
 *       PEM);
 *   <li>{@code -----BEGIN CERTIFICATE-----}: an X.509 certificate (WeChat Pay platform
 *       certificate): its public key and its serial number, written as WeChat Pay writes it ({@code
 *       Wechatpay-Serial}): hexadecimal, upper case;
 *   <li>bare base64 of a SubjectPublicKeyInfo, without PEM armour: the single line Alipay's open
 *       platform console shows as "支付宝公钥".
 * </ul>
 *
 * <p>Only RSA keys of at least 2048 bits are accepted: both providers sign with SHA256withRSA over
 * 2048-bit keys. A PEM holding a private key is refused (the job only verifies, it must never be
 * given a signing key). More than one key-bearing block in one text is refused, so that it is never
 * a guess which key is meant.
 *
 * <p>Error messages name the problem and, for files, the path, but never contain key material:
 * neither the base64 text nor the decoded bytes, nor messages of the underlying parsers.
 */
public final class Pem {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final int MIN_RSA_BITS = 2048;

    /** Larger texts are certainly not one public key or certificate. */
    private static final int MAX_PEM_CHARS = 64 * 1024;

    private Pem() {}

    /**
     * A public key and, when it came from a certificate, the certificate's serial number
     * (hexadecimal, upper case, as WeChat Pay writes {@code Wechatpay-Serial}); otherwise {@code
     * serial} is null.
     */
    public record Loaded(PublicKey publicKey, String serial) {
        public Loaded {
            if (publicKey == null) {
                throw new IllegalArgumentException("publicKey");
            }
        }

        public boolean fromCertificate() {
            return serial != null;
        }

        @Override
        public String toString() {
            return "Pem.Loaded[" + publicKey.getAlgorithm() + ", serial=" + serial + "]";
        }
    }

    /** The RSA public key in {@code pemText} (a public key or a certificate). */
    public static PublicKey publicKey(String pemText) {
        return read(pemText).publicKey();
    }

    /** The RSA public key in the file at {@code path} (a public key or a certificate). */
    public static PublicKey publicKeyFile(Path path) {
        return readFile(path).publicKey();
    }

    /** The key in {@code pemText} and, for a certificate, its serial. */
    public static Loaded read(String pemText) {
        if (pemText == null || pemText.isBlank()) {
            throw new IllegalArgumentException("empty key text: expected a PEM public key");
        }
        if (pemText.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException(
                    "key text too large ("
                            + pemText.length()
                            + " chars): expected one PEM public key or certificate");
        }
        String text = stripBom(pemText);
        if (!text.contains(BEGIN)) {
            return bare(text);
        }
        Block found = keyBlock(text);
        byte[] der = base64(found.body, "PEM block " + found.label);
        if (found.label.equals("PUBLIC KEY")) {
            return new Loaded(rsa(der), null);
        }
        return certificate(der);
    }

    /**
     * The one block of {@code text} that holds a public key or certificate; refuses a text with
     * none, with several, with a private key or with an unsupported key format.
     */
    private static Block keyBlock(String text) {
        Block found = null;
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                break;
            }
            int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
            if (labelEnd < 0) {
                throw new IllegalArgumentException("malformed PEM: unterminated BEGIN line");
            }
            String label = text.substring(begin + BEGIN.length(), labelEnd).strip();
            String endLine = END + label + DASHES;
            int end = text.indexOf(endLine, labelEnd + DASHES.length());
            if (end < 0) {
                throw new IllegalArgumentException(
                        "malformed PEM: no '" + endLine + "' line for block " + shownLabel(label));
            }
            from = end + endLine.length();
            if (holdsKey(label)) {
                if (found != null) {
                    throw new IllegalArgumentException(
                            "PEM holds more than one key or certificate ("
                                    + found.label
                                    + ", "
                                    + label
                                    + "): give one per file");
                }
                found = new Block(label, text.substring(labelEnd + DASHES.length(), end));
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(
                    "no -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE----- block found");
        }
        return found;
    }

    /**
     * Whether a block of this label holds the key to use; throws for a block that must not or
     * cannot be used.
     */
    private static boolean holdsKey(String label) {
        switch (label) {
            case "PUBLIC KEY", "CERTIFICATE", "X509 CERTIFICATE" -> {
                return true;
            }
            case "RSA PUBLIC KEY" ->
                    throw new IllegalArgumentException(
                            "PEM block RSA PUBLIC KEY (PKCS#1) is not supported: convert it"
                                    + " with 'openssl rsa -RSAPublicKey_in -pubout' to a"
                                    + " -----BEGIN PUBLIC KEY----- block");
            default -> {
                if (label.contains("PRIVATE KEY")) {
                    throw new IllegalArgumentException(
                            "PEM block "
                                    + shownLabel(label)
                                    + " is a private key: give the provider's public key or"
                                    + " certificate (never deploy private keys to this job)");
                }
                // Other blocks (e.g. EC PARAMETERS) carry no key we could use: ignored.
                return false;
            }
        }
    }

    /** The key in the file at {@code path} and, for a certificate, its serial. */
    public static Loaded readFile(Path path) {
        String text;
        try {
            if (Files.size(path) > MAX_PEM_CHARS) {
                throw new IllegalArgumentException(
                        path + ": file too large for one PEM public key or certificate");
            }
            // Lenient decoding: anything that is not ASCII can only sit outside the base64 (a
            // comment) or makes the base64 invalid, which is then reported as such.
            text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(path + ": key file not found");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    path + ": cannot read key file (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return read(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    /**
     * The serial number of a certificate as WeChat Pay writes it in {@code Wechatpay-Serial}:
     * hexadecimal, upper case, no leading zeros.
     */
    public static String serialOf(X509Certificate certificate) {
        return serialHex(certificate.getSerialNumber());
    }

    static String serialHex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    private static Loaded bare(String text) {
        String compact = text.strip();
        try {
            return new Loaded(rsa(base64(compact, "bare base64 public key")), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a PEM public key: no -----BEGIN PUBLIC KEY----- or -----BEGIN"
                            + " CERTIFICATE----- line, and not a bare base64 public key ("
                            + e.getMessage()
                            + ")");
        }
    }

    private static Loaded certificate(byte[] der) {
        X509Certificate cert;
        try {
            cert =
                    (X509Certificate)
                            CertificateFactory.getInstance("X.509")
                                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a valid X.509 certificate (" + e.getClass().getSimpleName() + ")");
        }
        PublicKey key = checkRsa(cert.getPublicKey());
        return new Loaded(key, serialOf(cert));
    }

    private static PublicKey rsa(byte[] der) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a valid RSA SubjectPublicKeyInfo (" + e.getClass().getSimpleName() + ")");
        }
        return checkRsa(key);
    }

    private static PublicKey checkRsa(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException(
                    "not an RSA key (" + key.getAlgorithm() + "): SHA256withRSA needs RSA");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException(
                    "RSA key of " + bits + " bits is too weak: at least " + MIN_RSA_BITS);
        }
        return key;
    }

    private static byte[] base64(String body, String what) {
        if (body.contains(":")) {
            throw new IllegalArgumentException(
                    what + " has headers (encrypted or legacy PEM): not supported");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64");
        }
        // The MIME decoder skips characters outside the alphabet; make sure nothing but
        // whitespace was skipped, so that garbage is an error and not silently ignored.
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z')
                            || (c >= 'a' && c <= 'z')
                            || (c >= '0' && c <= '9')
                            || c == '+'
                            || c == '/'
                            || c == '='
                            || Character.isWhitespace(c);
            if (!ok) {
                throw new IllegalArgumentException(what + " is not valid base64");
            }
        }
        if (der.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return der;
    }

    private static String stripBom(String s) {
        return s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static String shownLabel(String label) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < label.length() && i < 40; i++) {
            char c = label.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private record Block(String label, String body) {}
}
