package io.debitwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.providers.testing.MerchantKeys;
import io.debitwatch.providers.testing.SecretVolume;
import io.debitwatch.providers.testing.SignedNotifications;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code debitwatch replay --provider-keys-dir}: the notifications of two WeChat Pay merchants and
 * an Alipay app read with one key directory; an Alipay SHA1 signature is a dead letter unless
 * {@code --alipay-allow-sha1}; the directory and the single-account key options are exclusive.
 */
class ReplayKeyDirectoryITCase {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");

    @TempDir Path dir;

    @Test
    void replayReadsTheKeysOfManyMerchantsFromADirectory() throws Exception {
        MerchantKeys keys = new MerchantKeys();
        MerchantKeys.WeChatAccount m1 = keys.wechat("1900000001");
        MerchantKeys.WeChatAccount m2 = keys.wechat("1900000002");
        MerchantKeys.AlipayApp app = keys.alipay("2021000000000001", "2088101117955611");
        SecretVolume volume = new SecretVolume(dir.resolve("provider-keys"));
        volume.publish(keys.files());

        Path terminal =
                Files.write(
                        dir.resolve("terminal.ndjson"),
                        List.of(
                                terminal("K-1", "WECHAT", m1.mchid),
                                terminal("K-2", "WECHAT", m2.mchid),
                                terminal("K-3", "ALIPAY", "2088101117955611"),
                                terminal("K-4", "ALIPAY", "2088101117955611")));
        Path wechat =
                Files.write(
                        dir.resolve("wechat.ndjson"),
                        List.of(wechatDebit(m1, "K-1"), wechatDebit(m2, "K-2")));
        Path alipay =
                Files.write(
                        dir.resolve("alipay.ndjson"),
                        List.of(alipayDebit(app, "K-3", "RSA2"), alipayDebit(app, "K-4", "RSA")));

        Cli.Run r = replay(volume.dir(), terminal, wechat, alipay, dir.resolve("out"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("records read      8 (terminal 4, wechat notifications 2, alipay")
                .contains("dead letters      1")
                .contains("alerts            3");
        assertThat(Files.readString(dir.resolve("out").resolve("dead-letters.ndjson")))
                .contains("SHA1withRSA is refused unless alipay-allow-sha1 is set");
        assertThat(r.out() + r.err()).doesNotContain(m1.apiV3Key).doesNotContain(m2.apiV3Key);

        Cli.Run sha1 =
                replay(
                        volume.dir(),
                        terminal,
                        wechat,
                        alipay,
                        dir.resolve("out-sha1"),
                        "--alipay-allow-sha1");
        assertThat(sha1.exit()).as(sha1.err()).isZero();
        assertThat(sha1.out()).contains("dead letters      0").contains("alerts            4");

        Cli.Run both =
                replay(
                        volume.dir(),
                        terminal,
                        wechat,
                        alipay,
                        dir.resolve("never"),
                        "--wechat-apiv3-key-file",
                        "apiv3.key");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err())
                .startsWith(
                        "debitwatch replay: --provider-keys-dir replaces the single-account key")
                .hasLineCount(1);
    }

    private static Cli.Run replay(
            Path keys, Path terminal, Path wechat, Path alipay, Path out, String... more) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "replay",
                                "--terminal-events",
                                terminal.toString(),
                                "--wechat-notifications",
                                wechat.toString(),
                                "--alipay-notifications",
                                alipay.toString(),
                                "--provider-keys-dir",
                                keys.toString(),
                                "--as-of",
                                "horizon",
                                "--out",
                                out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String wechatDebit(MerchantKeys.WeChatAccount m, String order) {
        return m.notification(
                        m.current(),
                        "EV-" + order,
                        "TRANSACTION.SUCCESS",
                        SignedNotifications.wechatTransaction(
                                m.mchid, order, "4200" + order, T0.plusSeconds(1), 1230, "o"))
                .receivedAt(T0.plusSeconds(3))
                .record();
    }

    private static String alipayDebit(MerchantKeys.AlipayApp app, String order, String signType) {
        return MerchantKeys.alipay(
                app,
                SignedNotifications.alipayTrade(
                        "N-" + order,
                        "TRADE_SUCCESS",
                        "2088101117955611",
                        order,
                        "2026112522001" + order.substring(2),
                        T0.plusSeconds(1),
                        1230,
                        "2088102146225135",
                        "b***@example.com"),
                app.current(),
                signType,
                Map.of(),
                T0.plusSeconds(3));
    }

    private static String terminal(String order, String provider, String merchant) {
        return "{\"event_id\":\"te-"
                + order
                + "\",\"event_time\":\""
                + T0
                + "\",\"provider\":\""
                + provider
                + "\",\"merchant_id\":\""
                + merchant
                + "\",\"terminal_id\":\"POS-1\",\"out_trade_no\":\""
                + order
                + "\",\"type\":\"PAY_RESULT\",\"result\":\"FAILED\",\"amount_minor\":1230,"
                + "\"currency\":\"CNY\"}";
    }
}
