package io.debitwatch.core.detect;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OrderKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Deterministic identifiers. Each is a SHA-256 over length-prefixed parts (so no two different
 * inputs share an encoding), truncated: a replay or a restart reproduces the same ids.
 */
public final class Ids {

    /** Prefix of every refund number; with 40 hex digits the id is 44 characters. */
    public static final String REFUND_PREFIX = "dwr-";

    private static final HexFormat HEX = HexFormat.of();

    private Ids() {}

    /** {@code TYPE-<32 hex>}: type plus a digest of the order key. */
    public static String alertId(AlertType type, OrderKey key) {
        return type.name()
                + '-'
                + digest(32, key.provider().name(), key.merchantId(), key.outTradeNo());
    }

    /**
     * The refund number of a debit: provider, merchant, order and provider_txn_id. At most 64
     * characters of {@code [A-Za-z0-9_-]}, valid as WeChat out_refund_no and Alipay out_request_no;
     * the same debit always gets the same number, so it can never refund twice.
     */
    public static String refundRequestId(OrderKey key, String providerTxnId) {
        return REFUND_PREFIX
                + digest(
                        40,
                        key.provider().name(),
                        key.merchantId(),
                        key.outTradeNo(),
                        providerTxnId == null ? "" : providerTxnId);
    }

    /** Deterministic id of a notification, for dedupe by at-least-once consumers. */
    public static String notificationId(Notification.Channel channel, String kind, OrderKey key) {
        return notificationId(channel, kind, key, null);
    }

    /**
     * As {@link #notificationId(Notification.Channel, String, OrderKey)}, for a notification about
     * one of several things of the same kind on one order: {@code detail} (e.g. the refund number
     * of a provider's refund notice) is part of the digest, so two refunds of one order never share
     * an id while redeliveries of one notice always do. A null or empty {@code detail} gives the
     * three-part id.
     */
    public static String notificationId(
            Notification.Channel channel, String kind, OrderKey key, String detail) {
        String[] parts = {
            channel.name(), kind, key.provider().name(), key.merchantId(), key.outTradeNo(), detail
        };
        boolean withDetail = detail != null && !detail.isEmpty();
        return "n-" + digest(32, withDetail ? parts : Arrays.copyOf(parts, parts.length - 1));
    }

    private static String digest(int hexChars, String... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) (bytes.length >>> 24));
            sha.update((byte) (bytes.length >>> 16));
            sha.update((byte) (bytes.length >>> 8));
            sha.update((byte) bytes.length);
            sha.update(bytes);
        }
        return HEX.formatHex(sha.digest()).substring(0, hexChars);
    }
}
