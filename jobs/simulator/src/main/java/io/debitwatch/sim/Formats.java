package io.debitwatch.sim;

import io.debitwatch.core.model.Provider;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/** Identifier and amount formats that look like the providers' own. */
final class Formats {

    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyyMMdd").withZone(CHINA);
    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Formats() {}

    static String digits(SplittableRandom rng, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rng.nextInt(10)));
        }
        return sb.toString();
    }

    static String hex(SplittableRandom rng, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(HEX.charAt(rng.nextInt(16)));
        }
        return sb.toString();
    }

    /** WeChat transaction_id 4200…(28 digits), Alipay trade_no yyyyMMdd22001…(28 digits). */
    static String providerTxnId(Provider provider, Instant at, SplittableRandom rng) {
        String day = DAY.format(at);
        return provider == Provider.WECHAT
                ? "42000" + digits(rng, 5) + day + digits(rng, 10)
                : day + "22001" + digits(rng, 15);
    }

    /** The merchant system's order number: day plus a run-wide sequence, so it is unique. */
    static String outTradeNo(Instant at, long sequence) {
        return "DW" + DAY.format(at) + String.format("%010d", sequence);
    }

    /** A merchant refund number for refunds the merchant started itself. */
    static String merchantRefundNo(Instant at, SplittableRandom rng) {
        return "RF" + DAY.format(at) + digits(rng, 8);
    }

    /** WeChat openid (28 characters starting o) or Alipay buyer user id (2088 + 12 digits). */
    static String payerRef(Provider provider, SplittableRandom rng) {
        if (provider == Provider.ALIPAY) {
            return "2088" + digits(rng, 12);
        }
        StringBuilder sb = new StringBuilder("o");
        for (int i = 0; i < 27; i++) {
            sb.append(ALNUM.charAt(rng.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    /**
     * A long-tailed order amount in fen: log-normal around 35 yuan, so most orders are 5-300 yuan
     * with a Pareto tail of large ones up to 50,000 yuan; cashiers mostly key whole yuan.
     */
    static long amountMinor(SplittableRandom rng) {
        double yuan = Math.exp(Math.log(35) + 0.95 * rng.nextGaussian());
        if (rng.nextDouble() < 0.03) {
            // A Pareto tail on top: appliances, banquets, bulk purchases.
            yuan = 300 / Math.pow(1 - rng.nextDouble(), 1 / 1.2);
        }
        long fen = Math.max(100, Math.min(5_000_000, Math.round(yuan * 100)));
        double r = rng.nextDouble();
        if (r < 0.6) {
            fen = Math.max(100, fen / 100 * 100);
        } else if (r < 0.85) {
            fen = Math.max(100, fen / 10 * 10);
        }
        return fen;
    }
}
