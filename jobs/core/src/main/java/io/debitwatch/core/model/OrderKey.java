package io.debitwatch.core.model;

/**
 * provider + merchant_id + out_trade_no. {@link #encode()} gives the string used as the Flink key:
 * its hash is stable across JVMs (a record or enum hash is not) and it decodes without ambiguity
 * even when ids contain separators ('|' is legal in a WeChat out_trade_no).
 */
public record OrderKey(Provider provider, String merchantId, String outTradeNo) {

    public String encode() {
        return provider.name() + ':' + merchantId.length() + ':' + merchantId + outTradeNo;
    }

    public static OrderKey decode(String encoded) {
        int first = encoded.indexOf(':');
        int second = encoded.indexOf(':', first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("not an encoded order key: " + encoded);
        }
        Provider provider = Provider.valueOf(encoded.substring(0, first));
        int merchantLength = Integer.parseInt(encoded.substring(first + 1, second));
        int merchantEnd = second + 1 + merchantLength;
        return new OrderKey(
                provider,
                encoded.substring(second + 1, merchantEnd),
                encoded.substring(merchantEnd));
    }

    /** The provider of an encoded key, without decoding the rest (the job needs it per event). */
    public static Provider providerOf(String encoded) {
        for (Provider p : PROVIDERS) {
            String name = p.name();
            if (encoded.startsWith(name)
                    && encoded.length() > name.length()
                    && encoded.charAt(name.length()) == ':') {
                return p;
            }
        }
        throw new IllegalArgumentException("not an encoded order key: " + encoded);
    }

    private static final Provider[] PROVIDERS = Provider.values();

    /** Human-readable form for logs and Kafka record keys: {@code WECHAT/m1/order-1}. */
    @Override
    public String toString() {
        return provider + "/" + merchantId + "/" + outTradeNo;
    }
}
