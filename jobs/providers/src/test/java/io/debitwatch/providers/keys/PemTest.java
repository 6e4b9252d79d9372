package io.debitwatch.providers.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir Path dir;

    @Test
    void publicKeyPem() {
        String pem = TestKeys.publicPem(TestKeys.PLATFORM);
        assertThat(Pem.publicKey(pem)).isEqualTo(TestKeys.PLATFORM.getPublic());
        Pem.Loaded loaded = Pem.read(pem);
        assertThat(loaded.serial()).isNull();
        assertThat(loaded.fromCertificate()).isFalse();
    }

    @Test
    void publicKeyPemWithCrLfCommentsAndBom() {
        String pem =
                "\uFEFFAlipay public key, copied from the console\r\n"
                        + TestKeys.publicPem(TestKeys.PLATFORM).replace("\n", "\r\n");
        assertThat(Pem.publicKey(pem)).isEqualTo(TestKeys.PLATFORM.getPublic());
    }

    @Test
    void bareBase64AsAlipayConsoleShowsIt() {
        String bare =
                Base64.getEncoder().encodeToString(TestKeys.PLATFORM.getPublic().getEncoded());
        assertThat(Pem.publicKey(bare + "\n")).isEqualTo(TestKeys.PLATFORM.getPublic());
    }

    @Test
    void certificateGivesKeyAndUpperCaseHexSerial() {
        Pem.Loaded cert = Pem.readFile(TestKeys.resource("test-only-platform-certificate.pem"));
        PublicKey key =
                Pem.publicKeyFile(
                        TestKeys.resource("test-only-platform-certificate-public-key.pem"));
        assertThat(cert.publicKey()).isEqualTo(key);
        assertThat(cert.serial()).isEqualTo(TestKeys.CERT_SERIAL);
        assertThat(cert.fromCertificate()).isTrue();
        assertThat(cert.toString()).doesNotContain("MII");
    }

    @Test
    void privateKeyRefusedWithoutShowingIt() {
        String pem = TestKeys.pem("PRIVATE KEY", TestKeys.OTHER.getPrivate());
        assertThatThrownBy(() -> Pem.publicKey(pem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("private key")
                .satisfies(e -> assertNoKeyMaterial(e.getMessage(), pem));
        String both = TestKeys.publicPem(TestKeys.PLATFORM) + pem;
        assertThatThrownBy(() -> Pem.publicKey(both))
                .hasMessageContaining("private key")
                .satisfies(e -> assertNoKeyMaterial(e.getMessage(), both));
    }

    @Test
    void badPemGivesClearErrorsWithoutKeyMaterial() {
        String good = TestKeys.publicPem(TestKeys.PLATFORM);
        String[][] cases = {
            {"", "empty"},
            {"hello world", "not a PEM public key"},
            {
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                "no -----BEGIN PUBLIC KEY-----"
            },
            {good.replace("-----END PUBLIC KEY-----", ""), "no '-----END PUBLIC KEY-----'"},
            {good.substring(0, 100) + "!!" + good.substring(100), "not valid base64"},
            {
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getEncoder()
                                .encodeToString(
                                        Arrays.copyOf(
                                                TestKeys.PLATFORM.getPublic().getEncoded(), 120))
                        + "\n-----END PUBLIC KEY-----\n",
                "not a valid RSA SubjectPublicKeyInfo"
            },
            {good.replace("PUBLIC KEY", "CERTIFICATE"), "not a valid X.509 certificate"},
            {good + good, "more than one"},
            {good.replace("PUBLIC KEY", "RSA PUBLIC KEY"), "PKCS#1"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> Pem.publicKey(c[0]))
                    .as(c[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c[1])
                    .satisfies(e -> assertNoKeyMaterial(e.getMessage(), good));
        }
    }

    @Test
    void weakAndNonRsaKeysRefused() throws Exception {
        KeyPair weak = TestKeys.rsa(1024);
        assertThatThrownBy(() -> Pem.publicKey(TestKeys.publicPem(weak)))
                .hasMessageContaining("1024 bits is too weak");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair p = ec.generateKeyPair();
        assertThatThrownBy(() -> Pem.publicKey(TestKeys.publicPem(p)))
                .hasMessageContaining("not a valid RSA");
    }

    @Test
    void fileErrorsNameThePath() throws Exception {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> Pem.publicKeyFile(missing))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN PUBLIC KEY-----\n%%%%\n-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> Pem.publicKeyFile(bad))
                .hasMessageStartingWith(bad + ": ")
                .hasMessageContaining("not valid base64");
        Path good = dir.resolve("good.pem");
        Files.writeString(good, TestKeys.publicPem(TestKeys.PLATFORM));
        assertThat(Pem.publicKeyFile(good)).isEqualTo(TestKeys.PLATFORM.getPublic());
    }

    /** No run of 16 characters of the PEM's base64 appears in the message. */
    static void assertNoKeyMaterial(String message, String pem) {
        String b64 = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        for (int i = 0; i + 16 <= b64.length(); i += 8) {
            assertThat(message).doesNotContain(b64.substring(i, i + 16));
        }
    }
}
