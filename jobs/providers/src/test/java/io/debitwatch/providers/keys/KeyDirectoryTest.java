package io.debitwatch.providers.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.providers.alipay.AlipayKeyring;
import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.TestCertificates;
import io.debitwatch.providers.wechat.WeChatKeyring.PlatformKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key directory as a Kubernetes Secret volume lays it out: read by account and kind, read again
 * only when it changed and the poll interval passed, a bad file keeping the previous good key, and
 * no key material in what it logs or prints.
 */
class KeyDirectoryTest {

    private static final Duration POLL = Duration.ofSeconds(10);

    @TempDir Path tmp;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    private final KeyDirectory.Log log =
            new KeyDirectory.Log() {
                @Override
                public void info(String line) {
                    infos.add(line);
                }

                @Override
                public void warn(String line) {
                    warnings.add(line);
                }
            };

    private KeyDirectory open(Path dir) {
        return KeyDirectory.open(dir, POLL, log, clock::get);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    @Test
    void readsEveryAccountsKeysFromASecretVolume() {
        MerchantKeys keys = new MerchantKeys();
        MerchantKeys.WeChatAccount a = keys.wechat("1900000001");
        MerchantKeys.WeChatAccount sp = keys.wechat("1900000100");
        MerchantKeys.AlipayApp app = keys.alipay("2021000000000001", "2088101117955611");
        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        volume.publish(keys.files());

        ProviderKeySet set = open(volume.dir()).current();

        assertThat(set.wechatAccounts()).containsExactly("1900000001", "1900000100");
        assertThat(set.platformKeys(a.current().serial()))
                .containsExactly(new PlatformKey("1900000001", a.current().pair().getPublic()));
        assertThat(set.apiV3Keys("1900000100")).containsExactly(ApiV3Key.of(sp.apiV3Key));
        assertThat(set.apiV3Keys("1900000002")).isEmpty();
        AlipayKeyring.App alipay = set.app("2021000000000001");
        assertThat(alipay.keys()).containsExactly(app.current().getPublic());
        assertThat(alipay.sellerIds()).containsExactly("2088101117955611");
        assertThat(set.app("2021000000000009")).isNull();
        assertThat(warnings).isEmpty();
        assertThat(String.join("\n", infos) + set)
                .contains("2 WeChat Pay accounts")
                .doesNotContain(a.apiV3Key)
                .doesNotContain(sp.apiV3Key)
                .doesNotContain("BEGIN");
    }

    @Test
    void aRotationIsReadAfterThePollIntervalWithoutARestart() {
        MerchantKeys keys = new MerchantKeys();
        MerchantKeys.WeChatAccount a = keys.wechat("1900000001");
        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        volume.publish(keys.files());
        KeyDirectory dir = open(volume.dir());
        MerchantKeys.Platform old = a.current();

        MerchantKeys.Platform next = a.rotate();
        keys.alipay("2021000000000002"); // and a new app
        volume.publish(keys.files());
        advance(POLL.minusSeconds(1));
        assertThat(dir.current().platformKeys(next.serial())).as("before the interval").isEmpty();

        advance(Duration.ofSeconds(1));
        ProviderKeySet after = dir.current();
        assertThat(after.platformKeys(next.serial())).hasSize(1);
        assertThat(after.platformKeys(old.serial())).as("both during the rotation").hasSize(1);
        assertThat(after.app("2021000000000002")).isNotNull();

        // The old key retired: gone at the next poll.
        Map<String, String> files = new TreeMap<>(keys.files());
        files.remove("wechat.1900000001.platform." + old.serial() + ".pem");
        volume.publish(files);
        advance(POLL);
        assertThat(dir.current().platformKeys(old.serial())).isEmpty();
        assertThat(dir.current().platformKeys(next.serial())).hasSize(1);
    }

    @Test
    void anUnchangedDirectoryIsNotReadAgain() {
        MerchantKeys keys = new MerchantKeys();
        keys.wechat("1900000001");
        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        volume.publish(keys.files());
        KeyDirectory dir = open(volume.dir());
        ProviderKeySet first = dir.current();
        advance(POLL);
        assertThat(dir.refresh()).isFalse();
        assertThat(dir.current()).isSameAs(first);
        assertThat(infos).hasSize(1);
    }

    @Test
    void aBadFileKeepsThePreviousGoodKeyAndIsLoggedWithoutTheKey() {
        MerchantKeys keys = new MerchantKeys();
        MerchantKeys.WeChatAccount a = keys.wechat("1900000001");
        SecretVolume volume = new SecretVolume(tmp.resolve("keys"));
        volume.publish(keys.files());
        KeyDirectory dir = open(volume.dir());

        Map<String, String> broken = new TreeMap<>(keys.files());
        String badKey = a.apiV3Key.substring(0, 31) + "é";
        broken.put("wechat.1900000001.apiv3-key", badKey);
        broken.put("wechat.1900000002.apiv3-key", "short");
        broken.put("wechat.1900000001.platform.PUB_KEY_ID_X.pem", "not a key");
        broken.put("notes.txt", "hello");
        volume.publish(broken);
        advance(POLL);
        ProviderKeySet set = dir.current();

        assertThat(set.apiV3Keys("1900000001")).containsExactly(ApiV3Key.of(a.apiV3Key));
        assertThat(set.apiV3Keys("1900000002")).isEmpty();
        assertThat(set.platformKeys("PUB_KEY_ID_X")).isEmpty();
        assertThat(warnings)
                .anySatisfy(
                        w ->
                                assertThat(w)
                                        .startsWith("keys: wechat.1900000001.apiv3-key: ")
                                        .endsWith("keeping the previous good file"))
                .anySatisfy(
                        w ->
                                assertThat(w)
                                        .startsWith("keys: wechat.1900000002.apiv3-key: ")
                                        .endsWith(
                                                "wechat 1900000002 apiv3-key is missing until it is fixed"))
                .anySatisfy(w -> assertThat(w).startsWith("keys: notes.txt: not a key file name"));
        assertThat(String.join("\n", warnings))
                .doesNotContain(a.apiV3Key.substring(0, 31))
                .doesNotContain("short");
    }

    @Test
    void anUnusableSellersListAcceptsNoSeller() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        MerchantKeys keys = new MerchantKeys();
        keys.alipay("2021000000000001");
        for (Map.Entry<String, String> f : keys.files().entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Files.writeString(dir.resolve("alipay.2021000000000001.sellers"), "# none yet\n");
        AlipayKeyring.App app = open(dir).current().app("2021000000000001");
        assertThat(app.keys()).hasSize(1);
        assertThat(app.sellerProblem()).contains("alipay.2021000000000001.sellers");
    }

    @Test
    void aCertificateMustCarryTheSerialOfItsName() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("certs"));
        TestCertificates.Issued cert = TestCertificates.issue("Wechatpay 1900000001");
        Files.writeString(
                dir.resolve("wechat.1900000001.platform." + cert.serialHex() + ".pem"), cert.pem());
        Files.writeString(dir.resolve("wechat.1900000001.platform.0123ABCD.pem"), cert.pem());
        ProviderKeySet set = open(dir).current();
        assertThat(set.platformKeys("00" + cert.serialHex().toLowerCase()))
                .containsExactly(new PlatformKey("1900000001", cert.pair().getPublic()));
        assertThat(set.platformKeys("0123ABCD")).isEmpty();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("differs from the serial"));
    }

    @Test
    void aMissingDirectoryHasNoKeysAndSaysSo() {
        KeyDirectory dir = open(tmp.resolve("absent"));
        assertThat(dir.current().wechatAccounts()).isEmpty();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("cannot list"));
    }
}
