package org.mcelogjava.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The daemon's live report ({@code [report] listen}) in a real browser: Debian's headless Chromium,
 * driven by Selenium through Debian's chromedriver (both given by path, so Selenium Manager never
 * looks for one on the network). The simulator and the daemon run as installed; errors injected on
 * one memory channel appear in that DIMM's heat-map cell, and one more injected while the page is
 * open appears without a reload. Leaves a screenshot in target/report-browser/report.png (the
 * README's docs/report.png is a copy of it).
 */
class ReportBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * A corrected memory read error on socket 0, channel 0 (Skylake-SP bank 13), at an address in
     * the DMI range of that channel's first DIMM (the default simulator's 32 GiB over 2 sockets x 6
     * channels x 2 DIMMs: 1.33 GiB each, laid out in that order), which names it.
     */
    private static final String CHANNEL_0 = "CPU 0 BANK 13\nSTATUS 0x9c00000000000090\nMISC 0x8c\nADDR 0x12345000\n";
    /** The same on channel 1 (bank 14: the first memory controller's second channel), in its first DIMM (2.67-4 GiB). */
    private static final String CHANNEL_1 = "CPU 0 BANK 14\nSTATUS 0x9c00000000000091\nMISC 0x8c\nADDR 0xb0000000\n";
    private static final String CELL_0 = "td[data-dimm='CPU0_DIMM_A1']";
    private static final String CELL_1 = "td[data-dimm='CPU0_DIMM_B1']";
    /**
     * Selenium warns that it has no DevTools (CDP) binding for this Chromium's version; the test
     * uses WebDriver only, never CDP. Held here: java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_VERSIONS = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Bounds for a loaded 2-core machine: a browser starting, a daemon storing, a page refreshing. */
    private static final Duration BOUND = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private WebDriver chromium() throws IOException {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: apt-get install chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1000,700", "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    /** The count a heat-map cell shows, or "" while the page has no such cell. */
    private static String shown(WebDriver browser, String cell) {
        try {
            return browser.findElement(By.cssSelector(cell)).getAttribute("data-count") + "/"
                    + browser.findElement(By.cssSelector(cell)).getText().lines().findFirst().orElse("");
        } catch (NoSuchElementException | StaleElementReferenceException e) {
            return ""; // not there yet, or replaced by the refresh as we looked
        }
    }

    private static void waitForCell(WebDriver browser, String cell, int count) {
        String expected = count + "/" + count;
        new WebDriverWait(browser, BOUND, Duration.ofMillis(100)).withMessage(() -> cell + " should show " + count
                + " but shows '" + shown(browser, cell) + "'").until(b -> expected.equals(shown(b, cell)));
    }

    @Test
    void theLivePageShowsTheInjectedErrorsOnTheirDimmAndFollowsANewOne() throws Exception {
        Path sock = dir.resolve("mce-sim.sock");
        Path db = dir.resolve("history.db");
        Path conf = dir.resolve("mcelog.conf");
        int port = freeLoopbackPort();
        Files.writeString(conf, "[history]\ndatabase = " + db + "\n[report]\nlisten = 127.0.0.1:" + port + "\n");
        WebDriver browser = null;
        try (RunningTree tree = new RunningTree(dir, BOUND)) {
            tree.simulator(sock);
            tree.daemon(sock, conf);

            int n = 3;
            tree.inject(sock, CHANNEL_0.repeat(n) + CHANNEL_1.repeat(7));
            browser = chromium();
            browser.manage().window().setSize(new Dimension(1000, 700));
            browser.get("http://127.0.0.1:" + port + "/");
            waitForCell(browser, CELL_0, n);
            waitForCell(browser, CELL_1, 7);

            tree.inject(sock, CHANNEL_0);
            waitForCell(browser, CELL_0, n + 1);
            assertEquals("7/7", shown(browser, CELL_1), "the other channel keeps its count");

            Path png = Files.createDirectories(Path.of("target/report-browser")).resolve("report.png");
            Files.copy(((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(), png,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            if (browser != null) {
                browser.quit();
            }
        }
    }
}
