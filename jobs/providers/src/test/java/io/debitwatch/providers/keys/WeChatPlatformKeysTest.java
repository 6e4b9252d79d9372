package io.debitwatch.providers.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeChatPlatformKeysTest {

    private static final String PUB_KEY_ID = "PUB_KEY_ID_0112345678202511250011223344556677";

    @TempDir Path dir;

    private final Path cert = TestKeys.resource("test-only-platform-certificate.pem");
    private final Path certKey = TestKeys.resource("test-only-platform-certificate-public-key.pem");

    @Test
    void certificatePathTakesItsSerial() {
        WeChatPlatformKeys keys = WeChatPlatformKeys.fromSpec(cert.toString());
        assertThat(keys.serials()).containsExactly(TestKeys.CERT_SERIAL);
        assertThat(keys.get(TestKeys.CERT_SERIAL)).isEqualTo(Pem.publicKeyFile(certKey));
        // Case and leading zeros of a hexadecimal serial do not matter.
        assertThat(keys.get(TestKeys.CERT_SERIAL.toLowerCase())).isNotNull();
        assertThat(keys.get("00" + TestKeys.CERT_SERIAL)).isNotNull();
        assertThat(keys.get("7A3F")).isNull();
        assertThat(keys.get(null)).isNull();
    }

    @Test
    void publicKeyPathAloneAsksForSerialEqualsPath() {
        assertThatThrownBy(() -> WeChatPlatformKeys.fromSpec(certKey.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SERIAL=PATH")
                .hasMessageContaining(certKey.toString());
    }

    @Test
    void serialEqualsPathForPlatformPublicKeyMode() throws Exception {
        Path pub = dir.resolve("pub_key.pem");
        Files.writeString(pub, TestKeys.publicPem(TestKeys.PLATFORM));
        WeChatPlatformKeys keys =
                WeChatPlatformKeys.fromSpecs(List.of(PUB_KEY_ID + "=" + pub, cert.toString()));
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.get(PUB_KEY_ID)).isEqualTo(TestKeys.PLATFORM.getPublic());
        assertThat(keys.get(TestKeys.CERT_SERIAL)).isNotNull();
        assertThat(keys.toString())
                .contains(PUB_KEY_ID, TestKeys.CERT_SERIAL)
                .doesNotContain("MII");
    }

    @Test
    void pathContainingEqualsSignIsAPath() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("a=b"));
        Path copy = Files.copy(cert, sub.resolve("cert.pem"));
        assertThat(WeChatPlatformKeys.fromSpec(copy.toString()).serials())
                .containsExactly(TestKeys.CERT_SERIAL);
    }

    @Test
    void serialMustMatchTheCertificate() {
        assertThatThrownBy(() -> WeChatPlatformKeys.fromSpec("ABCDEF=" + cert))
                .hasMessageContaining("differs")
                .hasMessageContaining(TestKeys.CERT_SERIAL);
        assertThat(
                        WeChatPlatformKeys.fromSpec(TestKeys.CERT_SERIAL.toLowerCase() + "=" + cert)
                                .get(TestKeys.CERT_SERIAL))
                .isNotNull();
    }

    @Test
    void badSpecs() {
        assertThatThrownBy(() -> WeChatPlatformKeys.fromSpecs(List.of()))
                .hasMessageContaining("no WeChat Pay platform keys");
        assertThatThrownBy(() -> WeChatPlatformKeys.fromSpecs(List.of(cert + "", cert + "")))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> WeChatPlatformKeys.fromSpec("X=")).hasMessageContaining("no PATH");
        assertThatThrownBy(() -> WeChatPlatformKeys.fromSpec(PUB_KEY_ID + "=/no/such.pem"))
                .hasMessageContaining("/no/such.pem")
                .hasMessageContaining("not found");
        assertThatThrownBy(
                        () ->
                                WeChatPlatformKeys.of(
                                        Map.of("bad serial!", TestKeys.PLATFORM.getPublic())))
                .hasMessageContaining("bad WeChat Pay serial");
    }

    @Test
    void serialisable() throws Exception {
        WeChatPlatformKeys keys =
                WeChatPlatformKeys.of(Map.of(PUB_KEY_ID, TestKeys.PLATFORM.getPublic()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(out)) {
            o.writeObject(keys);
        }
        Object back =
                new ObjectInputStream(new ByteArrayInputStream(out.toByteArray())).readObject();
        assertThat(back).isEqualTo(keys);
        assertThat(((WeChatPlatformKeys) back).get(PUB_KEY_ID))
                .isEqualTo(TestKeys.PLATFORM.getPublic());
    }
}
