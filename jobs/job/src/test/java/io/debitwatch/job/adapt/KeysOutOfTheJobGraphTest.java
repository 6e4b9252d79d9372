package io.debitwatch.job.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.job.DebitwatchOptions;
import io.debitwatch.job.StreamingJob;
import io.debitwatch.providers.Adapted;
import io.debitwatch.providers.PayerIds;
import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys are read where the adapters run, never carried in the job graph (which Flink stores in
 * its HA storage): the serialised graph holds the key directory's path and no key bytes; a key file
 * that appears later makes the later notifications of its account verify.
 */
class KeysOutOfTheJobGraphTest {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    @TempDir Path tmp;

    private final MerchantKeys keys = new MerchantKeys();
    private final MerchantKeys.WeChatAccount merchant = keys.wechat("1900000001");
    private final MerchantKeys.AlipayApp app = keys.alipay("2021000000000001");

    @Test
    void theJobGraphCarriesTheKeyDirectorysPathButNoKey() throws Exception {
        SecretVolume volume = new SecretVolume(tmp.resolve("provider-keys"));
        volume.publish(keys.files());
        byte[] graph = serializedJobGraph("--provider-keys-dir", volume.dir().toString());
        assertThat(contains(graph, volume.dir().toString().getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertNoKeyIn(graph);
    }

    @Test
    void theSingleAccountOptionsKeepTheirKeysOutOfTheJobGraphToo() throws Exception {
        SignedNotifications signed = new SignedNotifications();
        SignedNotifications.KeyFiles files = signed.writeKeyFiles(tmp.resolve("single"));
        byte[] graph =
                serializedJobGraph(
                        "--wechat-apiv3-key-file",
                        files.apiV3Key().toString(),
                        "--wechat-platform-public-key-files",
                        files.wechatPlatformKeySpec(),
                        "--alipay-public-key-file",
                        files.alipayPublicKey().toString(),
                        "--alipay-app-ids",
                        SignedNotifications.ALIPAY_APP_ID);
        assertThat(contains(graph, files.apiV3Key().toString().getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(contains(graph, signed.apiV3KeyText().getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        // The same search finds the key in an adapter that holds it (as the job's used to).
        RecordAdapter holding =
                ProviderKeys.wechat(
                                files.apiV3Key(),
                                List.of(files.wechatPlatformKeySpec()),
                                PayerIds.none())
                        ::adapt;
        assertThat(
                        contains(
                                InstantiationUtil.serializeObject(holding),
                                signed.apiV3KeyText().getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
    }

    @Test
    void theAdaptersHoldNoKeyOnceTheyHaveReadThem() throws Exception {
        SecretVolume volume = new SecretVolume(tmp.resolve("used"));
        volume.publish(keys.files());
        KeySource source = new KeySource.Directory(volume.dir().toString(), Duration.ofSeconds(10));
        RecordAdapter wechat = ProviderKeys.wechatAdapter(source, PayerIdSecret.none());
        RecordAdapter alipay = ProviderKeys.alipayAdapter(source, false, PayerIdSecret.none());
        assertThat(wechat.adapt(payment(merchant, "1"))).isInstanceOf(Adapted.Events.class);
        assertThat(alipay.adapt(alipayPayment("1"))).isInstanceOf(Adapted.Events.class);
        assertNoKeyIn(InstantiationUtil.serializeObject(wechat));
        assertNoKeyIn(InstantiationUtil.serializeObject(alipay));
    }

    @Test
    void aKeyFileThatAppearsLaterMakesLaterNotificationsVerify() throws Exception {
        Map<String, String> files = new TreeMap<>(keys.files());
        files.remove("wechat.1900000001.apiv3-key");
        SecretVolume volume = new SecretVolume(tmp.resolve("later"));
        volume.publish(files);
        KeySource source = new KeySource.Directory(volume.dir().toString(), Duration.ofMillis(50));
        // As Flink ships it to a task manager: serialised, then read back.
        RecordAdapter adapter =
                InstantiationUtil.clone(
                        ProviderKeys.wechatAdapter(source, PayerIdSecret.none()),
                        getClass().getClassLoader());

        Adapted before = adapter.adapt(payment(merchant, "1"));
        assertThat(before).isInstanceOf(Adapted.Rejected.class);
        assertThat(((Adapted.Rejected) before).reason())
                .contains("merchant \"1900000001\"")
                .contains("apiv3-key");

        volume.publish(keys.files());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Adapted after = adapter.adapt(payment(merchant, "2"));
        while (!(after instanceof Adapted.Events) && System.nanoTime() < deadline) {
            Thread.sleep(20); // the directory is polled every 50 ms
            after = adapter.adapt(payment(merchant, "2"));
        }
        assertThat(after).isInstanceOf(Adapted.Events.class);
    }

    private String payment(MerchantKeys.WeChatAccount m, String n) {
        return m.notification(
                        m.current(),
                        "n" + n,
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                m.mchid, "T" + n, "42000000" + n, AT, 1230, "o-" + n))
                .receivedAt(AT.plusSeconds(3))
                .record();
    }

    private String alipayPayment(String n) {
        return MerchantKeys.alipay(
                app,
                SignedNotifications.alipayTrade(
                        "notify-" + n,
                        "TRADE_SUCCESS",
                        "2088101117955611",
                        "A" + n,
                        "2026112522001" + n,
                        AT,
                        1230,
                        "2088102146225135",
                        "b***@example.com"),
                app.current(),
                "RSA2",
                Map.of(),
                AT.plusSeconds(2));
    }

    private void assertNoKeyIn(byte[] serialised) {
        assertThat(contains(serialised, merchant.apiV3Key.getBytes(StandardCharsets.US_ASCII)))
                .as("APIv3 key")
                .isFalse();
        assertThat(contains(serialised, merchant.current().pair().getPublic().getEncoded()))
                .as("platform public key")
                .isFalse();
        assertThat(contains(serialised, app.current().getPublic().getEncoded()))
                .as("Alipay public key")
                .isFalse();
    }

    private byte[] serializedJobGraph(String... keyOptions) throws Exception {
        String[] base = {
            "--bootstrap-servers", "127.0.0.1:9092",
            "--transactional-id-prefix", "dw-test",
            "--wechat-notifications-topic", "wechat-notifications",
            "--alipay-notifications-topic", "alipay-notifications"
        };
        String[] args = new String[base.length + keyOptions.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(keyOptions, 0, args, base.length, keyOptions.length);
        Configuration conf = DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StreamingJob.build(env, conf);
        return InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph());
    }

    private static boolean contains(byte[] haystack, byte[] n) {
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
