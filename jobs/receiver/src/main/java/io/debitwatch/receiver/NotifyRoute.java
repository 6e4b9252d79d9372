package io.debitwatch.receiver;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notify_url path: {@code /notify/wechat} or {@code /notify/alipay}, optionally followed by one
 * account segment ({@code /notify/wechat/1900000100}, {@code /notify/alipay/2021000000000001}) that
 * the acquirer puts into the notify_url it gives the provider, so that the job can tell whose
 * notification it is before decrypting it. An account is 1 to 64 letters, digits, {@code _} or
 * {@code -}.
 *
 * @param account the account segment, or null
 */
record NotifyRoute(Provider provider, String account) {

    private static final Pattern PATH =
            Pattern.compile("/notify/([a-z]+)(?:/([A-Za-z0-9_-]{1,64}))?");

    /** The route of {@code path}, or null when it is none. */
    static NotifyRoute of(String path) {
        if (path == null) {
            return null;
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Provider provider = Provider.ofSegment(m.group(1));
        return provider == null ? null : new NotifyRoute(provider, m.group(2));
    }
}
