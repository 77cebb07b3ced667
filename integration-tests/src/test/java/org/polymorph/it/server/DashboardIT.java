package org.polymorph.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.polymorph.it.support.DistributionHome;
import org.polymorph.it.support.ServerProcess;

/**
 * The dashboard in a real browser (headless Chromium) against {@code bin/polymorph server}: the launcher's
 * {@code /#token=} address signs in and leaves the address bar; a session without the cookie gets the token box;
 * md.evaluate submitted through its generated form shows the server's validation message next to the parameter
 * for a bad value, and for good values runs and shows its summary; md.eos shows its live progress, then its CSV
 * table and its plot (the image loaded); cancel and resume buttons; a Method hot-deployed into deploy/ appears in
 * the list and goes again without a reload. Screenshots: {@code target/screenshots/dashboard-*.png}.
 */
@Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Path home;
    private static ServerProcess server;
    private static Browser browser;
    private static WebDriver driver;

    /** The page as it was when a test failed: target/screenshots/dashboard-failed-TEST.png. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser == null) return;
            try {
                browser.screenshot("dashboard-failed-" + context.getRequiredTestMethod().getName());
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        Path scratch = DistributionHome.scratch("dashboard");
        home = DistributionHome.copy(scratch);
        server = ServerProcess.start(home, Map.of());
        browser = Browser.start(scratch, Path.of(System.getProperty("polymorph.it.scratch", "target"), "screenshots"));
        driver = browser.driver();
    }

    /** No test leaves a script error or a Content-Security-Policy refusal in the browser's console. */
    @AfterEach
    void noScriptErrors() {
        if (browser != null) assertEquals(List.of(), browser.scriptErrors());
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (server != null) server.close();
        if (home != null) DistributionHome.dropCaches(home);
    }

    private static WebElement await(By by) {
        return browser.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static String potentialFile() { return home.resolve("potentials/Si.sw").toString(); }

    @Test
    @Order(1)
    void launcherAddressSignsInAndDropsTheTokenFromTheAddressBar() throws Exception {
        driver.get(server.uri("/#token=" + server.token()).toString());
        await(By.cssSelector("#methods li[data-method='md.evaluate']"));
        assertFalse(driver.getCurrentUrl().contains(server.token()), driver.getCurrentUrl());
        assertFalse((Boolean) browser.script("return history.length > 1 && location.href.includes('token')"));
        assertTrue(await(By.id("backend")).getText().length() > 0, "the header names the backend");
        assertTrue(driver.findElement(By.id("token-box")).getAttribute("hidden") != null, "no token box once signed in");
        browser.screenshot("dashboard-methods");

        // the files themselves, without a token: a strict policy, revalidated by ETag; other paths 404
        HttpResponse<String> js = server.client().send(HttpRequest.newBuilder(server.uri("/app.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, js.statusCode());
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("Content-Type").orElse(""));
        assertTrue(js.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"), js.headers().toString());
        HttpResponse<String> again = server.client().send(HttpRequest.newBuilder(server.uri("/app.js"))
                .header("If-None-Match", js.headers().firstValue("ETag").orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        assertEquals(404, server.client().send(HttpRequest.newBuilder(server.uri("/nosuch.html")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    @Order(2)
    void withoutTheCookieTheTokenBoxSignsIn() throws Exception {
        driver.manage().deleteAllCookies();
        driver.get(server.uri("/#/runs").toString());
        WebElement input = await(By.id("token-input"));
        assertTrue(driver.findElements(By.cssSelector("#view > *")).isEmpty(), "the page shown before is gone");
        browser.screenshot("dashboard-token");
        input.sendKeys("not-the-token");
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        browser.waitUpTo(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("banner"), "not this server"));
        input.clear();
        input.sendKeys(server.token());
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        await(By.id("runs"));
        assertTrue(driver.findElement(By.id("token-box")).getAttribute("hidden") != null);
    }

    /** Opens md.evaluate's form from the Methods list and fills it for Si (diamond) with Stillinger-Weber. */
    private static WebElement evaluateForm(String a) {
        driver.get(server.uri("/#/").toString());
        await(By.cssSelector("#methods li[data-method='md.evaluate'] a")).click();
        WebElement form = await(By.cssSelector("#method-form[data-method='md.evaluate']"));
        for (String name : List.of("structure", "lattice", "a", "repeat", "element", "potential", "potential_file")) {
            WebElement label = form.findElement(By.cssSelector("label[for='param-" + name + "']"));
            assertEquals(name, label.getText().replace("*", "").strip(), "each input is labelled with its parameter's name");
        }
        assertEquals("Å", form.findElement(By.cssSelector("[data-field='a'] .unit")).getText());
        assertEquals("0", form.findElement(By.cssSelector("[data-param='a']")).getAttribute("min"));
        assertEquals("1,1,1", form.findElement(By.cssSelector("[data-param='repeat']")).getAttribute("value"), "defaults filled in");
        silicon(form, a, "2,2,2");
        return form;
    }

    /** Fills a structure-and-potential form: Si, diamond lattice constant {@code a} (Å), {@code repeat} cells, Stillinger-Weber. */
    private static void silicon(WebElement form, String a, String repeat) {
        new Select(form.findElement(By.cssSelector("[data-param='lattice']"))).selectByValue("diamond");
        type(form, "a", a);
        type(form, "repeat", repeat);
        type(form, "element", "Si");
        type(form, "potential", "sw");
        type(form, "potential_file", potentialFile());
    }

    /** Submits {@code form} and waits for the run's page; returns the run id. */
    private static String submit(WebElement form) {
        form.findElement(By.id("submit-run")).click();
        browser.waitUpTo(WAIT).until(ExpectedConditions.urlContains("#/runs/"));
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf("#/runs/") + "#/runs/".length());
    }

    /** The form of {@code method}, opened by its address, filled for 216 Si atoms at a = 5.431 Å (3×3×3 diamond cells). */
    private static WebElement siliconForm(String method) {
        driver.get(server.uri("/#/methods/" + method).toString());
        WebElement form = await(By.cssSelector("#method-form[data-method='" + method + "']"));
        silicon(form, "5.431", "3,3,3");
        return form;
    }

    private static void type(WebElement form, String param, String value) {
        WebElement input = form.findElement(By.cssSelector("[data-param='" + param + "']"));
        input.clear();
        input.sendKeys(value);
    }

    @Test
    @Order(3)
    void badValueShowsTheServersMessageNextToItsParameter() throws Exception {
        WebElement form = evaluateForm("-5.431");
        form.findElement(By.id("submit-run")).click();
        WebElement error = await(By.cssSelector("[data-error-for='a']"));
        assertTrue(error.getText().contains("'a'") && error.getText().contains("-5.431"), error.getText());
        assertEquals("true", form.findElement(By.cssSelector("[data-param='a']")).getAttribute("aria-invalid"));
        assertTrue(await(By.id("banner")).getText().contains("-5.431"), "the banner says it too");
        assertTrue(driver.getCurrentUrl().endsWith("#/methods/md.evaluate"), "no run was started: " + driver.getCurrentUrl());
        browser.screenshot("dashboard-bad-value");
    }

    @Test
    @Order(4)
    void evaluateRunsAndShowsItsSummary() throws Exception {
        submit(evaluateForm("5.431"));
        await(By.cssSelector("#view[data-state='ok']"));
        WebElement energy = await(By.cssSelector("#summary tr[data-key='energy'] .num"));
        // Stillinger-Weber Si at its equilibrium lattice constant: -4.3366 eV/atom (Stillinger & Weber 1985), 64 atoms
        assertEquals(-4.3366 * 64, Double.parseDouble(energy.getText()), 1e-3 * 64, energy.getText());
        assertEquals("64", driver.findElement(By.cssSelector("#summary tr[data-key='natoms'] .num")).getText());
        assertEquals("1", driver.findElement(By.id("run-progress")).getAttribute("data-fraction"));
        List<String> files = driver.findElements(By.cssSelector("#files a[data-file]")).stream().map(e -> e.getAttribute("data-file")).toList();
        assertTrue(files.contains("evaluated.extxyz") && files.contains("result.json"), files.toString());
        assertTrue(driver.findElement(By.id("zip-link")).getAttribute("href").endsWith("/files.zip"));
        browser.screenshot("dashboard-evaluate-result");
    }

    @Test
    @Order(5)
    void eosShowsLiveProgressThenItsTableAndPlot() throws Exception {
        WebElement form = siliconForm("md.eos");
        type(form, "points", "301");
        form.findElement(By.cssSelector("[data-param='relax']")).click();
        submit(form);
        // the progress bar while the run goes: fractions strictly between 0 and 1 seen before the end
        TreeSet<Double> seen = new TreeSet<>();
        List<String> states = new ArrayList<>();
        boolean shot = false;
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            String state = (String) browser.script("return document.getElementById('view').dataset.state || ''");
            String fraction = (String) browser.script("const b = document.getElementById('run-progress'); return b ? b.dataset.fraction : ''");
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) states.add(state);
            if ("running".equals(state) && fraction != null && !fraction.isEmpty()) {
                double f = Double.parseDouble(fraction);
                seen.add(f);
                if (!shot && f > 0.2 && f < 0.8) {
                    browser.screenshot("dashboard-eos-running");
                    shot = true;
                }
            }
            if ("ok".equals(state) || "failed".equals(state)) break;
            Thread.sleep(40);
        }
        assertEquals("ok", states.get(states.size() - 1), "states seen: " + states);
        assertTrue(seen.subSet(0.0, false, 1.0, false).size() >= 2, "live fractions seen while running: " + seen);
        WebElement img = await(By.cssSelector("#plots img[data-file='eos.png']"));
        browser.waitUpTo(WAIT).until(d -> (Boolean) browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
        WebElement table = await(By.cssSelector("#tables .csv[data-file='eos.csv'] table"));
        assertEquals(200, table.findElements(By.cssSelector("tbody tr")).size(), "the first 200 rows of 301");
        assertEquals("first 200 of 301 rows", driver.findElement(By.cssSelector("#tables .csv[data-file='eos.csv'] .muted")).getText());
        WebElement b0 = driver.findElement(By.cssSelector("#summary tr[data-key='B0'] .num"));
        // SW Si bulk modulus 101.4 GPa (Stillinger & Weber 1985; Balamane et al. 1992)
        assertEquals(101.4, Double.parseDouble(b0.getText()), 1.0, b0.getText());
        browser.screenshot("dashboard-eos-result");

        driver.get(server.uri("/#/runs").toString());
        List<WebElement> rows = browser.waitUpTo(WAIT).until(d -> {
            List<WebElement> r = d.findElements(By.cssSelector("#runs tbody tr[data-state='ok']"));
            return r.size() >= 2 ? r : null;
        });
        assertTrue(rows.get(0).getText().contains("md.eos") && rows.get(1).getText().contains("md.evaluate"), "newest first: " + rows.get(0).getText());
        browser.screenshot("dashboard-runs");
    }

    private static String viewState() {
        return (String) browser.script("return document.getElementById('view').dataset.state || ''");
    }

    @Test
    @Order(6)
    void cancelAndResumeButtons() throws Exception {
        WebElement form = siliconForm("md.run");
        type(form, "steps", "100000000");
        String id = submit(form);
        browser.waitUpTo(WAIT).until(d -> "running".equals(viewState())
                && !d.findElement(By.id("run-progress")).getAttribute("data-fraction").isEmpty()
                && Double.parseDouble(d.findElement(By.id("run-progress")).getAttribute("data-fraction")) > 0);
        await(By.cssSelector("#view .page-head [data-action='cancel']")).click();
        long clicked = System.nanoTime();
        browser.waitUpTo(WAIT).until(d -> "cancelled".equals(viewState()));
        double seconds = (System.nanoTime() - clicked) / 1e9;
        assertTrue(seconds < 5, "cancelled after " + seconds + " s");
        await(By.cssSelector("#files a[data-file='checkpoint.bin']"));
        browser.screenshot("dashboard-run-cancelled");

        await(By.cssSelector("#view .page-head [data-action='resume']")).click();
        browser.waitUpTo(WAIT).until(d -> "running".equals(viewState()));
        driver.get(server.uri("/#/runs").toString());
        By row = By.cssSelector("#runs tr[data-run='" + id + "']");
        browser.waitUpTo(WAIT).until(d -> "running".equals(d.findElement(row).getAttribute("data-state")));
        driver.findElement(row).findElement(By.cssSelector("[data-action='cancel']")).click();
        browser.waitUpTo(WAIT).until(d -> "cancelled".equals(d.findElement(row).getAttribute("data-state")));
        assertEquals(1, driver.findElement(row).findElements(By.cssSelector("[data-action='resume']")).size(), "a cancelled md.run can be resumed");
        browser.screenshot("dashboard-runs-cancelled");
    }

    @Test
    @Order(7)
    void hotDeployedMethodAppearsAndGoesWithoutAReload() throws Exception {
        driver.get(server.uri("/#/").toString());
        await(By.cssSelector("#methods li[data-method='md.evaluate']"));
        browser.script("window.polymorphItMarker = 'same page'");
        Path jar = home.resolve("deploy/custom-method-example.jar");
        Path staged = Files.copy(DistributionHome.exampleJar(), home.resolve("custom-method-example.jar.part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, jar, StandardCopyOption.ATOMIC_MOVE);
        By example = By.cssSelector("#methods li[data-method='example.rosenbrock']");
        await(example);
        browser.screenshot("dashboard-hot-deployed");
        Files.delete(jar);
        browser.waitUpTo(WAIT).until(ExpectedConditions.invisibilityOfElementLocated(example));
        assertEquals("same page", browser.script("return window.polymorphItMarker"), "the list changed through GET /events, not a reload");
    }
}
