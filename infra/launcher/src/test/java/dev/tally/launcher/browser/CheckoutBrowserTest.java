package dev.tally.launcher.browser;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The "done when", in real headless Chromium against the running launcher: a merchant signs in to the
 * dashboard, creates an invoice, opens its payment page, pays it on the sandbox chain, and both pages turn to paid
 * and settled without a reload, the fee shown only on the dashboard. Screenshots go to target/screenshots.
 */
class CheckoutBrowserTest extends RunningTally {
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        assumeTrue(Chromium.installed(), "needs the Debian packages chromium and chromium-driver (.ci/run installs them)");
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aMerchantCreatesAnInvoiceTheCustomerPaysAndBothPagesUpdateLive() {
        // Sign in: the key goes into the form, then lives only in the HttpOnly cookie.
        browser.get(base() + "/dashboard");
        browser.findElement(By.id("apiKey")).sendKeys(merchantKey);
        browser.findElement(By.cssSelector("#sign-in button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        assertThat(browser.findElement(By.id("merchant")).getText()).isEqualTo(merchantId);
        assertThat(browser.manage().getCookieNamed("tally_session").isHttpOnly()).isTrue();
        assertThat((String) browser.executeScript("return document.cookie")).doesNotContain(merchantKey);
        assertThat((Object) browser.executeScript("return JSON.stringify(window.localStorage)")).isEqualTo("{}");

        // Create an invoice from the dashboard.
        browser.findElement(By.name("amount")).sendKeys("25.00");
        browser.findElement(By.name("orderId")).sendKeys("browser-1");
        browser.findElement(By.cssSelector("#new-invoice button")).click();
        // Read in the wait that finds it: the dashboard re-renders on live updates.
        String invoiceId = wait.until(driver -> attributeOf(driver, By.id("created-link"), "data-invoice-id"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("invoices"), invoiceId));
        JsonNode invoice = get("/api/v1/invoices/" + invoiceId, merchantKey);
        Chromium.screenshot(browser, "dashboard-invoice-created");
        String dashboardTab = browser.getWindowHandle();

        // The customer's payment page: amount, QR code, address, countdown, awaiting payment.
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(base() + "/pay/" + invoiceId);
        assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("25.00");
        assertThat(browser.findElement(By.id("address")).getText())
                .isEqualTo(invoice.get("depositAddress").asText());
        WebElement qr = browser.findElement(By.cssSelector("svg.qr"));
        assertThat(qr.isDisplayed()).isTrue();
        assertThat(qr.getSize().getWidth()).isGreaterThan(100);
        assertThat(browser.findElement(By.cssSelector("svg.qr path")).getAttribute("d")).startsWith("M");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Awaiting payment");
        wait.until(ExpectedConditions.textMatches(By.id("countdown"), java.util.regex.Pattern.compile("1[0-5]:\\d\\d")));
        Chromium.screenshot(browser, "payment-page-awaiting");
        browser.executeScript("window.notReloaded = true");

        // Paid on the sandbox chain: the page flips to paid without a reload.
        payOnSandbox(invoiceId);
        wait.until(textsAre(Map.of(By.id("status"), "Paid", By.id("confirmations-text"), "1 of 1 confirmations")));
        assertThat((Object) browser.executeScript("return window.notReloaded === true")).isEqualTo(true);
        wait.until(ExpectedConditions.attributeToBe(By.id("invoice"), "data-status", "SETTLED"));
        Chromium.screenshot(browser, "payment-page-paid");
        String customerPage = customerReads(browser, By.id("address"), By.cssSelector(".reference"));
        assertThat(customerPage).contains("25.00 usdt")
                                .doesNotContain("fee").doesNotContain("0.25").doesNotContain("24.75");

        // The dashboard, meanwhile, shows the new totals and the settlement's fee split, live.
        browser.switchTo().window(dashboardTab);
        // Each group is read in the one wait that finds it: live updates re-render the tiles and rows.
        wait.until(textsAre(Map.of(By.id("gross-USDT"), "25.00", By.id("fees-USDT"), "0.25",
                                   By.id("net-USDT"), "24.75")));
        wait.until(textsAre(Map.of(By.cssSelector("#settlements tbody tr .fee"), "0.25",
                                   By.cssSelector("#settlements tbody tr .gross"), "25.00",
                                   By.cssSelector("#settlements tbody tr .net"), "24.75")));
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#invoices tr[data-invoice-id='" + invoiceId + "'] .invoice-status"), "SETTLED"));
        // The chart comes from the daily report, a read model of its own that may trail the totals by a moment.
        wait.until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#volume-chart rect.bar[data-volume='25.00']"), 1));

        // Invoice detail: its payment with the transaction hash and confirmations.
        browser.findElement(By.cssSelector("#invoices tr[data-invoice-id='" + invoiceId + "']")).click();
        String tx = wait.until(driver -> {
            String text = textOf(driver, By.cssSelector("#payments .tx"));
            return text == null || text.isBlank() ? null : text;
        });
        assertThat(tx).isEqualTo(get("/api/v1/invoices/" + invoiceId, merchantKey).get("payments").get(0)
                                                                                  .get("txHash").asText());
        Chromium.screenshot(browser, "dashboard-settled");

        // Refund part of it by claim link from the dashboard, once the money is final; the customer gives an address
        // on the claim page and the merchant approves it.
        wait.until(driver -> "24.75".equals(
                get("/api/v1/payouts", merchantKey).path("balances").path(0).path("available").asText()));
        browser.findElement(By.name("refundInvoice")).sendKeys(invoiceId);
        browser.findElement(By.name("refundAmount")).sendKeys("5.00");
        browser.findElement(By.cssSelector("#new-refund button")).click();
        List<String> refund = wait.until(driver -> {
            String id = attributeOf(driver, By.id("refund-result"), "data-refund-id");
            String claim = attributeOf(driver, By.id("refund-result"), "data-claim-url");
            return id == null || claim == null ? null : List.of(id, claim);
        });
        String refundId = refund.get(0);
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(base() + refund.get(1));
        wait.until(textsAre(Map.of(By.id("amount"), "5.00", By.id("status"), "Give the address to refund to")));
        // Nothing of the merchant's side: no fee, no balance, no key.
        assertThat(customerReads(browser, By.cssSelector(".description"), By.cssSelector(".reference")))
                .contains("5.00 usdt").doesNotContain("fee").doesNotContain("balance");
        assertThat(browser.getPageSource()).doesNotContain(merchantKey);
        String customerAddress = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8";
        browser.findElement(By.id("claim-address")).sendKeys("0x52908400098527886E0F7030069857D2E4169EE7");
        browser.findElement(By.id("claim-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("claim-error"), "must be a Tron address"));
        browser.findElement(By.id("claim-address")).clear();
        browser.findElement(By.id("claim-address")).sendKeys(customerAddress);
        browser.findElement(By.id("claim-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"),
                                               "Address received: waiting for the shop to approve the refund"));
        Chromium.screenshot(browser, "refund-claimed");
        String claimTab = browser.getWindowHandle();
        browser.switchTo().window(dashboardTab);
        By approve = By.cssSelector("#refunds tr[data-refund-id='" + refundId + "'] .refund-action");
        // Found and clicked in one step: the list re-renders while the refund is open.
        wait.until(driver -> {
            try {
                driver.findElement(approve).click();
                return true;
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return null;
            }
        });
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#refunds tr[data-refund-id='" + refundId + "'] .refund-status"), "confirmed"));
        browser.switchTo().window(claimTab);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Refunded"));
        Chromium.screenshot(browser, "refund-confirmed");
        // The payment page lists it too, without its claim link.
        browser.get(base() + "/pay/" + invoiceId);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#refunds li[data-refund-id='" + refundId + "']"
                                                              + " .refund-status"), "refunded"));
        assertThat(browser.getPageSource()).doesNotContain(refund.get(1));
        assertThat(get("/api/v1/refunds/" + refundId, merchantKey).get("address").asText()).isEqualTo(customerAddress);
        browser.switchTo().window(dashboardTab);

        // Pay the rest of the net out from the dashboard: set the payout address, then request it.
        String payoutAddress = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
        browser.findElement(By.name("payoutAddress")).sendKeys(payoutAddress);
        browser.findElement(By.cssSelector("#payout-address button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("payout-addresses"), payoutAddress));
        wait.until(driver -> "19.80".equals(
                get("/api/v1/payouts", merchantKey).path("balances").path(0).path("available").asText()));
        browser.findElement(By.name("payoutAmount")).sendKeys("19.80");
        browser.findElement(By.cssSelector("#new-payout button")).click();
        String payoutId = wait.until(driver -> attributeOf(driver, By.id("payout-result"), "data-payout-id"));
        // Followed on the page until its transaction is final on chain.
        wait.until(ExpectedConditions.textToBe(
                By.cssSelector("#payouts tr[data-payout-id='" + payoutId + "'] .payout-status"), "confirmed"));
        assertThat(get("/api/v1/payouts/" + payoutId, merchantKey).get("destination").asText())
                .isEqualTo(payoutAddress);
        Chromium.screenshot(browser, "dashboard-paid-out");

        // Sign out: back to the sign-in form, and the API no longer answers to this browser.
        browser.findElement(By.cssSelector("#sign-out button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("apiKey")));
        assertThat(browser.manage().getCookieNamed("tally_session")).isNull();
    }

    @Test
    void aWrongKeyIsRefusedAndAnExpiredOrUnknownInvoiceIsExplained() {
        browser.get(base() + "/dashboard");
        browser.findElement(By.id("apiKey")).sendKeys("tly_live_notAKey00000000000000000000000000000000");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        // The form posts and a new page answers: wait for it rather than read the old one.
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"), "not a valid"));

        browser.get(base() + "/pay/inv_doesNotExist000000");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Invoice not found");

        String id = createInvoice("5.00").get("id").asText();
        post("/api/v1/invoices/" + id + "/cancel", merchantKey, "{}");
        browser.get(base() + "/pay/" + id);
        wait.until(textsAre(Map.of(By.id("status"), "Cancelled", By.id("explanation"),
                                   "The shop cancelled this invoice. Do not send funds to this address.")));
        assertThat(browser.findElement(By.id("instructions")).isDisplayed()).isFalse();
        Chromium.screenshot(browser, "payment-page-cancelled");
    }

    /** Every element's text as expected, read together in one attempt; a re-rendered element means try again. */
    private static ExpectedCondition<Boolean> textsAre(Map<By, String> expected) {
        return driver -> expected.entrySet().stream().allMatch(e -> e.getValue().equals(textOf(driver, e.getKey())));
    }

    /** The element's text now, or null while it is missing or being replaced. */
    private static String textOf(WebDriver driver, By locator) {
        try {
            return driver.findElement(locator).getText();
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return null;
        }
    }

    private static String attributeOf(WebDriver driver, By locator, String attribute) {
        try {
            WebElement element = driver.findElement(locator);
            return element.isDisplayed() ? element.getAttribute(attribute) : null;
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return null;
        }
    }

    /**
     * What the customer reads on the page, lower-cased, less the text of {@code random} (a deposit address, a
     * generated shop name, an id), which may spell any word by chance.
     */
    private static String customerReads(WebDriver browser, By... random) {
        String text = (String) ((JavascriptExecutor) browser).executeScript("return document.body.innerText");
        for (By part : random) {
            text = text.replace(browser.findElement(part).getText(), "");
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
