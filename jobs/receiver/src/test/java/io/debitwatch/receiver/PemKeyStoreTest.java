package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {

    @TempDir Path dir;

    @Test
    void readsPkcs8RsaAndEcKeys() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            Path file = write("PRIVATE KEY", pair.getPrivate().getEncoded());
            PrivateKey read = PemKeyStore.privateKey(file);
            assertThat(read.getAlgorithm()).isEqualTo(algorithm);
            assertThat(read.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        }
    }

    @Test
    void readsAPkcs1RsaKeyAsCertManagerWritesIt() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        // PKCS#8 of a 2048-bit RSA key: a 26-byte prefix, then the PKCS#1 key as an OCTET STRING.
        assertThat(pkcs8[22]).isEqualTo((byte) 0x04);
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);

        PrivateKey read = PemKeyStore.privateKey(write("RSA PRIVATE KEY", pkcs1));

        assertThat(read.getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void anEncryptedOrUnknownKeySaysHowToConvertItWithoutShowingIt() throws Exception {
        Path file = write("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3, 4, 5, 6});
        assertThatThrownBy(() -> PemKeyStore.privateKey(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt")
                .hasMessageNotContaining("AQIDBAUG");
    }

    private Path write(String label, byte[] der) throws Exception {
        Path file = dir.resolve(label.replace(' ', '-') + ".pem");
        Files.writeString(
                file,
                "-----BEGIN "
                        + label
                        + "-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                        + "\n-----END "
                        + label
                        + "-----\n");
        return file;
    }
}
