package io.protoflow.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.serving.ServingApp;
import io.protoflow.serving.ServingScenario;
import io.protoflow.testing.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a running serving app: the rendered numbers,
 * version table, prototype map, class bars and alerts match the scenario, and a new snapshot plus
 * more requests show up without a reload (server-sent events). Saves screenshots to {@code
 * target/dashboard*.png}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} (or {@code CHROME_BIN} and {@code
 * CHROMEDRIVER} pointing at a browser and its driver); where they are missing, as on CI machines
 * with only a JDK and Maven, the test is skipped with a message saying so.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class DashboardBrowserIT {

    static Optional<Path> executable(String env, String... candidates) {
        String fromEnv = System.getenv(env);
        return Stream.concat(Stream.ofNullable(fromEnv), Stream.of(candidates))
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Test
    void rendersTheServedStateAndUpdatesLive(EmbeddedKafkaBroker broker) throws Exception {
        Optional<Path> chromium =
                executable(
                        "CHROME_BIN",
                        "/usr/bin/chromium",
                        "/usr/bin/chromium-browser",
                        "/usr/bin/google-chrome");
        Optional<Path> chromedriver =
                executable(
                        "CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        assumeTrue(
                chromium.isPresent() && chromedriver.isPresent(),
                "no chromium/chromedriver binary found (apt-get install chromium chromium-driver,"
                        + " or set CHROME_BIN and CHROMEDRIVER): browser test skipped");

        ServingScenario scenario = new ServingScenario(broker, "it-browser.", "browser-model");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1400,1700");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(chromedriver.get().toFile())
                        .usingAnyFreePort()
                        .build();
        try (ServingApp app = scenario.startAndDrive()) {
            WebDriver web = new ChromeDriver(service, options);
            try {
                web.get(app.url());
                WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(60));
                wait.until(ExpectedConditions.textToBe(By.id("kpi-accuracy"), "0.750"));
                wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));

                assertThat(text(web, "model-select")).isEqualTo(scenario.model());
                assertThat(text(web, "streams-state")).isEqualTo("running");
                assertThat(text(web, "kpi-served-version")).isEqualTo("v2");
                assertThat(text(web, "kpi-pinned")).isEqualTo("pinned to v2");
                assertThat(text(web, "kpi-newest-version")).isEqualTo("v2");
                assertThat(text(web, "kpi-accuracy-note")).isEqualTo("3 / 4 labelled");
                assertThat(text(web, "kpi-ood-rate")).isEqualTo("0.200");
                assertThat(text(web, "kpi-predictions"))
                        .isEqualTo("" + ServingScenario.PREDICTIONS);
                assertThat(text(web, "kpi-dead-letters")).isEqualTo("1");
                assertThat(text(web, "kpi-dead-letter-classes")).isEqualTo("UNDECODABLE 1");

                List<WebElement> rows = web.findElements(By.cssSelector("#versions tbody tr"));
                assertThat(rows)
                        .extracting(r -> r.getAttribute("data-version"))
                        .containsExactly("2", "1");
                assertThat(rows.get(0).getAttribute("class")).contains("served");
                assertThat(rows.get(0).getText()).contains("served, pinned");

                List<WebElement> points = web.findElements(By.cssSelector("#map circle.point"));
                assertThat(points)
                        .extracting(p -> p.getAttribute("data-label"))
                        .containsExactlyInAnyOrder("a", "b", "c");
                assertThat(text(web, "map-caption")).contains("version 2", "3 prototypes");

                assertThat(bars(web, "bar-learned"))
                        .isEqualTo(
                                Map.of(
                                        "a",
                                        ServingScenario.LEARNED_PER_CLASS,
                                        "b",
                                        ServingScenario.LEARNED_PER_CLASS,
                                        "c",
                                        ServingScenario.LEARNED_PER_CLASS));
                assertThat(bars(web, "bar-predicted")).isEqualTo(ServingScenario.PREDICTED);

                assertThat(web.findElements(By.cssSelector("#chart-accuracy path.line-accuracy")))
                        .hasSize(1);
                assertThat(web.findElements(By.cssSelector("#chart-ood path.line-ood"))).hasSize(1);
                assertThat(web.findElements(By.cssSelector("#alerts-list li")))
                        .extracting(li -> li.getAttribute("data-status"))
                        .containsExactly("RESOLVED", "RAISED");
                assertThat(web.findElements(By.cssSelector("#alerts-timeline circle.alert-marker")))
                        .hasSize(2);
                screenshot(web, "dashboard.png");

                // Live: a new version, an unpin and five more right answers, without a reload.
                scenario.publishAndUnpin(3);
                wait.until(ExpectedConditions.textToBe(By.id("kpi-newest-version"), "v3"));
                scenario.sendCorrect(5);
                wait.until(ExpectedConditions.textToBe(By.id("kpi-predictions"), "10"));
                wait.until(ExpectedConditions.textToBe(By.id("kpi-served-version"), "v3"));
                assertThat(text(web, "kpi-accuracy")).isEqualTo("0.889");
                assertThat(text(web, "kpi-pinned")).isEqualTo("follows newest");
                assertThat(web.findElements(By.cssSelector("#versions tbody tr")))
                        .extracting(r -> r.getAttribute("data-version"))
                        .containsExactly("3", "2", "1");
                screenshot(web, "dashboard-live.png");
            } finally {
                web.quit();
            }
        }
    }

    private static String text(WebDriver web, String id) {
        return web.findElement(By.id(id)).getText();
    }

    private static Map<String, Long> bars(WebDriver web, String cls) {
        Map<String, Long> out = new TreeMap<>();
        for (WebElement bar : web.findElements(By.cssSelector("#class-counts rect." + cls))) {
            out.put(bar.getAttribute("data-label"), Long.parseLong(bar.getAttribute("data-value")));
        }
        return out;
    }

    private static void screenshot(WebDriver web, String name) throws Exception {
        Path png = ((TakesScreenshot) web).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
