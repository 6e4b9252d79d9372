package io.debitwatch.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One broker and one PostgreSQL per test class, shared by its tests. */
abstract class StoreITCaseBase {

    static StoreTestEnvironment env;

    @BeforeAll
    static void startServers() throws Exception {
        env = new StoreTestEnvironment();
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (env != null) {
            env.close();
            env = null;
        }
    }
}
