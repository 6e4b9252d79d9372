package io.debitwatch.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The providers whose notifications the receiver takes, each with the answers it expects. WeChat
 * Pay v3 (notify_url, 通知应答): HTTP 200 or 204 without a body means received; 4XX or 5XX with {@code
 * {"code":"FAIL","message":"…"}} means "send it again". Alipay (异步通知): the plain text {@code
 * success} means received; anything else means "send it again".
 */
public enum Provider {
    WECHAT("wechat", "WECHAT"),
    ALIPAY("alipay", "ALIPAY");

    private final String pathSegment;
    private final String recordName;

    Provider(String pathSegment, String recordName) {
        this.pathSegment = pathSegment;
        this.recordName = recordName;
    }

    /** The segment after {@code /notify/}, and the metrics label. */
    public String pathSegment() {
        return pathSegment;
    }

    /** The value of the record's {@code provider} field, as the job's events name it. */
    public String recordName() {
        return recordName;
    }

    /** The provider of a path segment, or null. */
    static Provider ofSegment(String segment) {
        for (Provider p : values()) {
            if (p.pathSegment.equals(segment)) {
                return p;
            }
        }
        return null;
    }

    /** The answer that tells the provider the notification is received and must not be resent. */
    Answer received() {
        return this == WECHAT
                ? new Answer(204, null, new byte[0])
                : new Answer(200, "text/plain; charset=utf-8", ascii("success"));
    }

    /**
     * The answer that makes the provider send the notification again later.
     *
     * @param status the HTTP status (5XX for our faults, 4XX for the request's)
     * @param message a short reason in English, no request content
     */
    Answer retry(int status, String message) {
        if (this == WECHAT) {
            String json = "{\"code\":\"FAIL\",\"message\":\"" + message.replace("\"", "'") + "\"}";
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
        return new Answer(status, "text/plain; charset=utf-8", ascii("fail"));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An HTTP answer: status, content type (null for none) and body. */
    record Answer(int status, String contentType, byte[] body) {}
}
