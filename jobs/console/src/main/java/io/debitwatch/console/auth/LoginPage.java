package io.debitwatch.console.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sign-in page, rendered on the server from {@code web/auth/login.html} (no script, its style
 * in {@code /auth/login.css}). Messages are in English and Simplified Chinese.
 */
final class LoginPage {

    /** What the page says above the form. */
    enum Message {
        NONE("", ""),
        // Never says which of the two was wrong: that would tell whether the account exists.
        WRONG_CREDENTIALS("Wrong username or password.", "用户名或密码错误。"),
        TOO_MANY_ATTEMPTS(
                "Too many failed sign-ins. Try again in %d minutes.", "登录失败次数过多，请 %d 分钟后再试。"),
        FORM_EXPIRED("The sign-in form expired. Please sign in again.", "登录表单已过期，请重新登录。"),
        SIGNED_OUT("You are signed out.", "您已退出登录。");

        final String en;
        final String zh;

        Message(String en, String zh) {
            this.en = en;
            this.zh = zh;
        }
    }

    static final String CSS = resource("web/auth/login.css");
    private static final String TEMPLATE = resource("web/auth/login.html");

    private LoginPage() {}

    /** The page with its hidden fields; {@code minutes} fills a message that names a wait. */
    static String render(Message message, long minutes, String csrf, String next, String username) {
        return TEMPLATE.replace("{{message}}", message(message, minutes))
                .replace("{{csrf}}", escape(csrf))
                .replace("{{next}}", escape(next))
                .replace("{{username}}", escape(username));
    }

    private static String message(Message message, long minutes) {
        if (message == Message.NONE) {
            return "";
        }
        String kind = message == Message.SIGNED_OUT ? "message info" : "message";
        return "<p class=\""
                + kind
                + "\" id=\"login-message\" role=\"alert\"><span>"
                + escape(String.format(message.en, minutes))
                + "</span><span lang=\"zh-Hans\">"
                + escape(String.format(message.zh, minutes))
                + "</span></p>";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = LoginPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
