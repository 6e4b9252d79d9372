package io.debitwatch.receiver;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One notification as received, in the record format the job's raw notification topics read
 * (docs/formats.md, "Provider formats"): {@code received_at} (ISO-8601, UTC), the {@code headers}
 * the provider signs or that tell how to read the body, the {@code body} exactly as received (a
 * JSON string of the UTF-8 body), and where it came in: {@code provider}, {@code path} and, when
 * the notify_url named one, {@code account}. The job ignores the fields it does not read.
 *
 * @param provider whose endpoint was called
 * @param path the request path, e.g. {@code /notify/wechat/1900000100}
 * @param account the account segment of the path, or null
 * @param receivedAt when the request was complete
 * @param headers the kept headers by name as sent, repeated ones joined by {@code ", "}
 * @param body the body, decoded from UTF-8 without any loss
 */
public record RawNotification(
        Provider provider,
        String path,
        String account,
        Instant receivedAt,
        Map<String, String> headers,
        String body) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Milliseconds, always with the offset: what {@code IsoTime} reads fastest (no zone names, no
     * nanoseconds the providers never send).
     */
    private static final DateTimeFormatter RECEIVED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    /**
     * Whether a request header goes into the record: WeChat Pay's signature headers ({@code
     * Wechatpay-*}), the content type (Alipay's charset may be there too) and WeChat Pay's {@code
     * Request-ID} for support cases. Nothing else: cookies or proxy headers are not the provider's.
     */
    static boolean kept(String headerName) {
        String n = headerName.toLowerCase(Locale.ROOT);
        return n.startsWith("wechatpay-") || n.equals("content-type") || n.equals("request-id");
    }

    /**
     * The kept headers of a request, each name once (the first spelling seen; HTTP names are
     * case-insensitive) with repeated values joined by {@code ", "} as HTTP combines them, so the
     * record is a JSON object without duplicate keys.
     *
     * @param fields the request's header fields in order, as name and value pairs
     */
    static Map<String, String> keptHeaders(List<Map.Entry<String, String>> fields) {
        Map<String, String> byLowerName = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : fields) {
            if (!kept(f.getKey())) {
                continue;
            }
            String lower = f.getKey().toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(lower, f.getKey());
            byLowerName.merge(lower, f.getValue(), (a, b) -> a + ", " + b);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        byLowerName.forEach((lower, value) -> headers.put(spelling.get(lower), value));
        return headers;
    }

    /** The record's UTF-8 JSON bytes. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() + 512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("received_at", RECEIVED_AT.format(receivedAt));
            g.writeStringField("provider", provider.recordName());
            g.writeStringField("path", path);
            if (account != null) {
                g.writeStringField("account", account);
            }
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                g.writeStringField(h.getKey(), h.getValue());
            }
            g.writeEndObject();
            g.writeStringField("body", body);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }
}
