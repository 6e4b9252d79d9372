package io.debitwatch.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debitwatch.console.Principal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules of the security layer that need no server: passwords, names, paths, escaping. */
class AuthRulesTest {

    @Nested
    class PasswordPolicy {

        @Test
        void refusesEmptyShortRepetitiveAndOverlongPasswordsAndOnesHoldingTheUsername() {
            assertThatThrownBy(() -> Passwords.requireStrong("ann", ""))
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> Passwords.requireStrong("ann", "   "))
                    .hasMessageContaining("empty");
            assertThatThrownBy(() -> Passwords.requireStrong("ann", "elevenchars"))
                    .hasMessageContaining("too short");
            assertThatThrownBy(() -> Passwords.requireStrong("ann", "aaaaaaaaaaaaaaaa"))
                    .hasMessageContaining("different characters");
            assertThatThrownBy(
                            () -> Passwords.requireStrong("ann", "x".repeat(60) + "abcdefghijklm"))
                    .hasMessageContaining("too long");
            assertThatThrownBy(() -> Passwords.requireStrong("ann", "my name is ANN ok"))
                    .hasMessageContaining("username");
            Passwords.requireStrong("ann", "correct horse battery");
        }

        @Test
        void hashesWithBcryptAtCostTwelveAndChecksAgainstTheHash() {
            String hash = Passwords.hash("ann", "correct horse battery");
            assertThat(hash).startsWith("$2a$12$").hasSize(60);
            assertThat(Passwords.matches("correct horse battery", hash)).isTrue();
            assertThat(Passwords.matches("correct horse batterY", hash)).isFalse();
            assertThat(Passwords.matches("correct horse battery", null)).isFalse();
            assertThat(Passwords.matches("x".repeat(100), hash)).isFalse();
        }

        @Test
        void randomPasswordsAreLongEnoughAndDiffer() {
            String a = Passwords.random(20);
            assertThat(a).hasSize(20).matches("[A-Za-z2-9]+");
            assertThat(Passwords.random(20)).isNotEqualTo(a);
            Passwords.requireStrong("operator", a);
        }
    }

    @Test
    void namesAreLowerCasedAndRestricted() {
        assertThat(Names.require("a username", " Alice.B ")).isEqualTo("alice.b");
        assertThatThrownBy(() -> Names.require("a username", "a b")).hasMessageContaining("a-z");
        assertThatThrownBy(() -> Names.require("a username", "-x")).hasMessageContaining("a-z");
        assertThatThrownBy(() -> Names.require("a username", "x".repeat(65)))
                .hasMessageContaining("1-64");
    }

    @Test
    void rolesAndMerchantScopesParseFromWhatPeopleType() {
        assertThat(Principal.Role.parse("Operator")).isEqualTo(Principal.Role.OPERATOR);
        assertThatThrownBy(() -> Principal.Role.parse("root")).hasMessageContaining("viewer");
        assertThat(MerchantScopes.parse(null)).isEqualTo(Principal.MerchantScope.ALL);
        assertThat(MerchantScopes.parse("M1, M2,M1").merchantIds()).isEqualTo(Set.of("M1", "M2"));
        assertThatThrownBy(() -> MerchantScopes.parse("M1,,M2")).hasMessageContaining("no blanks");
        assertThatThrownBy(() -> MerchantScopes.of(List.of())).hasMessageContaining("at least one");
    }

    @Test
    void theSignInFormLeadsOnlyToLocalPaths() {
        assertThat(LoginRoutes.safeNext("/incidents?state=open"))
                .isEqualTo("/incidents?state=open");
        for (String bad :
                new String[] {
                    null,
                    "",
                    "https://evil.example/",
                    "//evil.example",
                    "/\\evil.example",
                    "/ok\r\nSet-Cookie: x=1",
                    "/login?next=/x",
                    "javascript:alert(1)"
                }) {
            assertThat(LoginRoutes.safeNext(bad)).as(String.valueOf(bad)).isEqualTo("/");
        }
    }

    @Test
    void onlyHealthChecksTheSignInPageAndAssetsArePublic() {
        assertThat(Gate.isPublic("/healthz")).isTrue();
        assertThat(Gate.isPublic("/login")).isTrue();
        assertThat(Gate.isPublic("/auth/login.css")).isTrue();
        assertThat(Gate.isPublic("/static/app.js")).isTrue();
        assertThat(Gate.isPublic("/static/../api/v1/incidents")).isFalse();
        assertThat(Gate.isPublic("/api/v1/incidents")).isFalse();
        assertThat(Gate.isPublic("/logout")).isFalse();
        assertThat(Gate.isPublic("/")).isFalse();
        assertThat(Gate.isPublic("/loginx")).isFalse();
    }

    @Test
    void theSignInPageEscapesWhatItEchoes() {
        String html =
                LoginPage.render(
                        LoginPage.Message.WRONG_CREDENTIALS,
                        0,
                        "tok",
                        "/x\"><script>",
                        "<b>mallory</b>");
        assertThat(html)
                .doesNotContain("<script>", "<b>mallory")
                .contains("&lt;b&gt;mallory&lt;/b&gt;", "用户名或密码错误。")
                .contains("value=\"tok\"");
    }

    @Test
    void secretsAre256BitAndStoredAsSha256() {
        String s = Secrets.random256();
        assertThat(s).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Secrets.sha256(s)).hasSize(32);
        assertThat(Secrets.sameSecret(s, s)).isTrue();
        assertThat(Secrets.sameSecret(s, s + "x")).isFalse();
        assertThat(Secrets.sameSecret(s, null)).isFalse();
    }
}
