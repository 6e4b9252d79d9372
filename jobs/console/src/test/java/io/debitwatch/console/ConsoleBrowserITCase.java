package io.debitwatch.console;

import static io.debitwatch.console.TestRecords.merchant;
import static io.debitwatch.console.TestRecords.order;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.console.auth.AccountSecurity;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.AuthSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless Chromium): the incidents appear and update live, filter
 * by type, open an incident and read its timeline, acknowledge it and see the audit entry; a viewer
 * cannot acknowledge; a merchant-scoped user cannot open another merchant's incident by its URL.
 * Saves screenshots of the list and an incident page.
 */
class ConsoleBrowserITCase extends StoreITCaseBase {

    private static final Duration WAIT = Duration.ofSeconds(30);
    // A test password, for accounts that live as long as the test's database.
    private static final String PASSWORD = "browser test passphrase";

    private static ConsoleFixture fixture;
    private static ConsoleServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = new Browser();
        fixture = ConsoleFixture.load(env);
        // The console's real security layer, with an account per role and scope.
        server =
                ConsoleServer.start(
                        "127.0.0.1",
                        0,
                        fixture.db,
                        () -> true,
                        new AccountSecurity(fixture.db.dataSource(), AuthSettings.defaults()));
        AccountStore accounts = new AccountStore(fixture.db.dataSource());
        accounts.create("olivia", Principal.Role.OPERATOR, Principal.MerchantScope.ALL, PASSWORD);
        accounts.create("victor", Principal.Role.VIEWER, Principal.MerchantScope.ALL, PASSWORD);
        accounts.create(
                "mia",
                Principal.Role.OPERATOR,
                Principal.MerchantScope.only(Set.of(merchant(3))),
                PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorFindsFiltersOpensAndAcknowledgesAnIncident() throws Exception {
        WebDriver d = browser.driver;
        String base = login("olivia");
        d.get(base + "/incidents");
        waitFor(d, () -> rows(d).size() == ConsoleFixture.ORDERS + 1);
        assertThat(d.findElement(By.id("at-risk")).getText()).contains("CNY in 10 incidents");

        // A new incident reaches the open page through the live feed, without a reload.
        waitFor(d, () -> d.findElement(By.id("live-status")).getText().equals("live"));
        ((JavascriptExecutor) d).executeScript("window.notReloaded = true;");
        ConsoleFixture.send(
                env,
                fixture.topics,
                List.<Object[]>of(
                        new Object[] {fixture.topics.alerts(), TestRecords.unmatchedDebit(40)}));
        waitFor(d, () -> rows(d).size() == ConsoleFixture.ORDERS + 2);
        assertThat(rows(d).get(0).getText()).contains(order(40));
        assertThat(((JavascriptExecutor) d).executeScript("return window.notReloaded === true;"))
                .isEqualTo(true);
        assertThat(d.findElement(By.id("at-risk")).getText()).contains("in 11 incidents");
        d.navigate().refresh();
        waitFor(d, () -> rows(d).size() == ConsoleFixture.ORDERS + 2);
        browser.screenshot("console-incidents.png");

        new Select(d.findElement(By.id("filter-type"))).selectByVisibleText("STUCK_PAYMENT");
        d.findElement(By.id("apply")).click();
        waitFor(d, () -> d.getCurrentUrl().contains("type=STUCK_PAYMENT") && rows(d).size() == 2);
        for (WebElement row : rows(d)) {
            assertThat(row.findElements(By.tagName("td")).get(2).getText())
                    .isEqualTo("STUCK_PAYMENT");
        }

        d.get(base + "/breakdowns");
        assertThat(d.findElement(By.id("per-hour-chart")).isDisplayed()).isTrue();
        assertThat(d.findElements(By.cssSelector("#per-hour-chart rect"))).isNotEmpty();
        assertThat(d.findElement(By.id("table-app_version")).getText()).contains("2.3.1", "2.4.0");
        browser.screenshotOfWholePage("console-breakdowns.png");

        d.get(base + "/incidents?q=" + order(2));
        waitFor(d, () -> rows(d).size() == 1);
        rows(d).get(0).findElement(By.tagName("a")).click();
        waitFor(d, () -> d.getCurrentUrl().endsWith("/incidents/" + fixture.incidentId(2)));
        List<WebElement> timeline = d.findElements(By.cssSelector("#timeline tbody tr"));
        assertThat(timeline)
                .extracting(WebElement::getText)
                .satisfiesExactly(
                        t -> assertThat(t).contains("TERMINAL", "PAY_RESULT FAILED"),
                        t -> assertThat(t).contains("PROVIDER", "QUERY DEBITED", "40.01 CNY"),
                        t -> assertThat(t).contains("DECISION", "UNMATCHED_DEBIT → REFUND"));
        assertThat(d.findElement(By.id("notifications")).getText())
                .contains("实际已支付成功", "was in fact paid");
        assertThat(d.findElement(By.id("refunds")).getText()).contains("requested");

        clickAndAwaitReload(d, By.id("acknowledge"));
        waitFor(d, () -> d.findElement(By.id("incident-state")).getText().equals("acknowledged"));
        String audit = d.findElement(By.cssSelector("#audit tbody")).getText();
        assertThat(audit).contains("olivia", "acknowledge");
        assertThat(d.findElements(By.id("acknowledge"))).isEmpty();

        d.findElement(By.id("note")).sendKeys("Called the store; refund on its way");
        clickAndAwaitReload(d, By.id("add-note"));
        waitFor(
                d,
                () ->
                        d.findElement(By.cssSelector("#audit tbody"))
                                .getText()
                                .contains("refund on its way"));
        browser.screenshotOfWholePage("console-incident.png");

        // Logging out (a form with the session's CSRF token) ends the session.
        d.findElement(By.id("logout")).click();
        waitFor(d, () -> d.getCurrentUrl().contains("/login"));
        d.get(base + "/incidents/" + fixture.incidentId(2));
        waitFor(d, () -> d.getCurrentUrl().startsWith(base + "/login"));
    }

    @Test
    void aViewerCannotAcknowledge() throws Exception {
        WebDriver d = browser.driver;
        String base = login("victor");
        long id = fixture.incidentId(4);
        d.get(base + "/incidents/" + id);
        waitFor(d, () -> !d.findElements(By.id("read-only")).isEmpty());
        assertThat(d.findElements(By.id("acknowledge"))).isEmpty();
        // Not even by calling the API from the page.
        Object status =
                ((JavascriptExecutor) d)
                        .executeAsyncScript(
                                "const done = arguments[arguments.length - 1];"
                                        + "fetch('/api/v1/incidents/"
                                        + id
                                        + "/actions', {method: 'POST',"
                                        + " headers: {'Content-Type': 'application/json', 'X-CSRF-Token':"
                                        + " document.querySelector('meta[name=csrf-token]').content},"
                                        + " body: JSON.stringify({action: 'acknowledge'})})"
                                        + ".then(r => done(r.status), e => done(String(e)));");
        assertThat(status).isEqualTo(403L);
        d.navigate().refresh();
        assertThat(d.findElement(By.id("incident-state")).getText()).isEqualTo("open");
        assertThat(d.findElements(By.cssSelector("#audit tbody tr"))).isEmpty();
    }

    @Test
    void aMerchantScopedUserCannotOpenAnotherMerchantsIncidentByUrl() throws Exception {
        WebDriver d = browser.driver;
        String base = login("mia");
        d.get(base + "/incidents/" + fixture.incidentId(5));
        assertThat(d.findElement(By.id("error-message")).getText())
                .isEqualTo("There is no incident " + fixture.incidentId(5) + ".");
        assertThat(d.getPageSource()).doesNotContain(order(5));
        d.get(base + "/incidents/" + fixture.incidentId(3));
        assertThat(d.findElement(By.cssSelector(".facts")).getText()).contains(order(3));
        d.get(base + "/incidents");
        waitFor(d, () -> !rows(d).isEmpty());
        assertThat(rows(d)).allSatisfy(r -> assertThat(r.getText()).contains(merchant(3)));
    }

    /**
     * Signs {@code user} in through the sign-in page, as a fresh browser session that first asks
     * for a page and is sent to sign in; returns the base URL.
     */
    private static String login(String user) {
        WebDriver d = browser.driver;
        String base = server.url();
        d.manage().deleteAllCookies();
        d.get(base + "/incidents");
        waitFor(d, () -> d.getCurrentUrl().startsWith(base + "/login"));
        d.findElement(By.id("username")).sendKeys(user);
        d.findElement(By.id("password")).sendKeys(PASSWORD);
        d.findElement(By.id("login")).click();
        waitFor(d, () -> d.getCurrentUrl().equals(base + "/incidents"));
        assertThat(d.findElement(By.id("who")).getText()).startsWith(user + " (");
        return base;
    }

    /** Clicks an action's button and waits for the page its script reloads. */
    private static void clickAndAwaitReload(WebDriver d, By button) {
        WebElement page = d.findElement(By.tagName("html"));
        d.findElement(button).click();
        new WebDriverWait(d, WAIT).until(ExpectedConditions.stalenessOf(page));
    }

    private static List<WebElement> rows(WebDriver d) {
        return d.findElements(By.cssSelector("#incidents tbody tr"));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(WebDriver d, Check check) {
        new WebDriverWait(d, WAIT)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(
                        driver -> {
                            try {
                                return check.ok();
                            } catch (RuntimeException e) {
                                throw e;
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
    }
}
