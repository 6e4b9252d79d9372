package io.debitwatch.console;

import io.javalin.config.JavalinConfig;

/** A security layer for tests: every request is the given principal. Test code only. */
final class TestSecurity {

    private TestSecurity() {}

    static ConsoleSecurity as(Principal principal) {
        return new ConsoleSecurity() {
            @Override
            public void install(JavalinConfig config) {
                config.routes.before(ctx -> ctx.attribute(Principal.ATTRIBUTE, principal));
            }

            @Override
            public boolean allowsRemote() {
                return false;
            }
        };
    }
}
