package org.mcelogjava.bench.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mcelogjava.bench.Run;
import org.mcelogjava.bench.Scratch;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The HTML report of a large history (issue 18's goals: under 2 MiB, rendered by Chromium in under
 * 2 s): {@code TREE/bin/mcelog report --html} on the history (whole command, fork to exit), the
 * page's size, then the page loaded from its file by Debian's headless Chromium through Debian's
 * chromedriver (as dist's ReportBrowserIT), 5 fresh navigations, each timed by the browser from
 * navigation start: to the heat map's first DIMM cell present (polled, so an upper bound), to the
 * first contentful paint and to the load event's end; and the whole command again for the whole
 * history ({@code --since 366d}) with that page's size.
 */
final class ReportRendering {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int RUNS = 5;
    /** Selenium's remark that it has no CDP classes for this Chromium: not needed here, and not a result. */
    private static final Logger CDP_REMARKS = Logger.getLogger("org.openqa.selenium.devtools");

    private ReportRendering() {
    }

    static void run(Path db, Path tree) throws Exception {
        CDP_REMARKS.setLevel(Level.SEVERE);
        Run run = Run.ofLaunchers("mcelog report --html over the history (HistoryBench report, "
                + String.format("%,d", HistoryGenerator.count(db, "mce_record")) + " records)");
        Scratch.run("mcelog-report-bench", dir -> measure(db, tree, run, dir));
    }

    private static void measure(Path db, Path tree, Run run, Path dir) throws Exception {
        Path page = dir.resolve("report.html");
        List<Double> command = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            command.add(HistoryBench.wall(List.of(tree.resolve("bin/mcelog").toString(), "report", "--html",
                    page.toString(), "--database", db.toString())));
        }
        List<Double> year = new ArrayList<>();
        Path yearPage = dir.resolve("report-366d.html");
        for (int i = 0; i < 3; i++) {
            year.add(HistoryBench.wall(List.of(tree.resolve("bin/mcelog").toString(), "report", "--html",
                    yearPage.toString(), "--since", "366d", "--database", db.toString())));
        }
        long yearSize = Files.size(yearPage);
        long size = Files.size(page);
        List<Double> heatMap = new ArrayList<>();
        List<Double> paint = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1000,700", "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            for (int i = 0; i < RUNS; i++) {
                browser.get("about:blank");
                browser.get(page.toUri().toString());
                JavascriptExecutor js = browser;
                Object present = js.executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        (function poll() {
                          if (document.querySelector('table.heat td.dimm')) { done(performance.now()); }
                          else { setTimeout(poll, 1); }
                        })();""");
                heatMap.add(((Number) present).doubleValue());
                @SuppressWarnings("unchecked")
                Map<String, Object> timing = (Map<String, Object>) js.executeScript("""
                        const n = performance.getEntriesByType('navigation')[0];
                        const p = performance.getEntriesByName('first-contentful-paint')[0];
                        return {load: n.loadEventEnd, paint: p ? p.startTime : -1};""");
                load.add(((Number) timing.get("load")).doubleValue());
                paint.add(((Number) timing.get("paint")).doubleValue());
                if (browser.findElements(By.cssSelector("table.heat td.dimm")).isEmpty()) {
                    throw new IllegalStateException("no heat map in " + page);
                }
            }
        } finally {
            browser.quit();
        }
        run.print(System.out, List.of("`mcelog report --html`, whole command (last 24 h)", "page size",
                        "Chromium: heat map present", "first contentful paint", "load event end",
                        "whole command, whole history (`--since 366d`)", "its page size"),
                List.of(HistoryBench.joined(command) + " s", String.format("%,d bytes (%.1f KiB)", size, size / 1024.0),
                        ms(heatMap), ms(paint), ms(load), HistoryBench.joined(year) + " s",
                        String.format("%,d bytes (%.1f KiB)", yearSize, yearSize / 1024.0)));
    }

    private static String ms(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.0f", v)).toList()) + " ms";
    }
}
