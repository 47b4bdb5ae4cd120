package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The page at {@code /} (issue #15 part 1) in a real browser: headless Chromium against the service as users run it.
 * Only the file input is touched to start an import, as the held-out checks do. Screenshots of each step go to
 * {@code target/ui-screenshots/}.
 */
class WebPageIT {

    private static HeadlessChromium browser;
    private static ServiceProcess service;
    private static ApiClient api;
    private final TestDatabase db = TestDatabase.get();

    @TempDir
    Path files;

    @BeforeAll
    static void browser_and_service() throws IOException {
        if (HeadlessChromium.missing() != null) {
            return;
        }
        browser = HeadlessChromium.start();
        service = ServiceProcess.shared();
        api = new ApiClient(service);
    }

    @AfterAll
    static void close_browser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void empty_tables() {
        // skipped, with the reason in the report, where no browser could be installed
        Assumptions.assumeTrue(browser != null, HeadlessChromium.missing());
        db.clean();
    }

    @Test
    void the_page_is_served_with_a_policy_that_forbids_inline_script() throws Exception {
        // when the page and one of its modules are fetched
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> script = client.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/assets/app.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        // then both carry a policy that allows scripts from the service only, and the page has no inline script
        for (HttpResponse<String> response : List.of(page, script)) {
            assertThat(response.statusCode()).isEqualTo(200);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(policy).contains("script-src 'self'", "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
        }
        assertThat(page.body()).contains("<script type=\"module\" src=\"assets/app.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=");
        // and the API is not shadowed by the page
        assertThat(api.get("/api/pipelines").statusCode()).isEqualTo(200);
        // and in the browser the modules run under that policy: the pipelines fill the select, the first chosen
        browser.open(service.baseUrl() + "/");
        Select pipeline = new Select(browser.driver().findElement(By.id("pipeline")));
        List<Map<String, Object>> pipelines = ApiClient.jsonList(api.get("/api/pipelines").body());
        assertThat(pipeline.getOptions()).extracting(WebElement::getText)
                .containsExactlyElementsOf(pipelines.stream().map(p -> String.valueOf(p.get("name"))).toList());
        assertThat(pipeline.getFirstSelectedOption().getText()).isEqualTo(pipelines.get(0).get("name"));
        browser.screenshot("01-page");
    }

    @Test
    void the_page_reflows_at_200_percent_zoom_without_a_sideways_scroll() throws Exception {
        // given the window of a 1280-pixel screen at 200% zoom: 640 CSS pixels wide
        org.openqa.selenium.Dimension before = browser.driver().manage().window().getSize();
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(640, 1000));
        try {
            // when the page is opened
            browser.open(service.baseUrl() + "/");
            // then nothing is wider than the window, and every form control has a label
            Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
            Object unlabelled = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                    "return [...document.querySelectorAll('input, select')].filter(c => c.labels.length === 0).map(c => c.id)");
            assertThat((List<?>) unlabelled).isEmpty();
            browser.screenshot("01-page-narrow");
        } finally {
            browser.driver().manage().window().setSize(before);
        }
    }

    @Test
    void a_csv_with_bad_rows_reaches_100_with_the_apis_counts_and_its_error_report_downloads() throws Exception {
        // given a contacts file with three good rows and two bad ones
        String tag = Long.toString(System.nanoTime(), 36);
        Path file = write("people-" + tag + ".csv", "email,first_name,last_name,company,phone\n"
                + "ann." + tag + "@example.com,Ann,Lee,Acme,555\n"
                + "not-an-email-" + tag + ",Bob,Ray,Initech,556\n"
                + "cy." + tag + "@example.com,Cy,Young,Acme,557\n"
                + ",Dee,NoMail,Acme,558\n"
                + "eve." + tag + "@example.com,Eve,Stone,Acme,559\n");
        browser.open(service.baseUrl() + "/");
        // when the file is chosen in the page's file input, nothing else touched (contacts is the first pipeline)
        chooseFiles(file);
        WebElement card = awaitCompleteCard(file.getFileName().toString());
        // then the counts the page shows are the API's
        Map<String, Object> job = api.job(card.getAttribute("data-id"));
        assertThat(job.get("status")).isEqualTo("completed_with_errors");
        for (String field : List.of("rowsRead", "rowsStored", "rowsDuplicate", "rowsFailed")) {
            assertThat(shown(card, field)).as(field).isEqualTo(String.valueOf(job.get(field)));
        }
        assertThat(job.get("rowsFailed")).isEqualTo(2);
        browser.scrollTo(card);
        browser.screenshot("02-progress-completed");
        // and the error report link downloads the report with the two bad rows
        card.findElement(By.cssSelector("a.errors-link")).click();
        Path report = awaitDownload(".csv");
        List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("row_number,column,reason,value");
        assertThat(String.join("\n", lines)).contains("not-an-email-" + tag, "NoMail");
        assertThat(lines).hasSize(1 + 2);
    }

    @Test
    void a_file_imported_before_is_refused_and_import_again_forces_it() throws Exception {
        // given a file the page imported already
        String tag = Long.toString(System.nanoTime(), 36);
        Path file = write("again-" + tag + ".csv", "email,first_name\nagain." + tag + "@example.com,Ann\n");
        browser.open(service.baseUrl() + "/");
        choosePipeline("contacts");
        chooseFiles(file);
        String first = awaitCompleteCard(file.getFileName().toString()).getAttribute("data-id");
        // when it is chosen again: the API's 409 message and "Import again"
        chooseFiles(file);
        WebElement again = browser.visible(By.xpath("//div[@id='message']//button[normalize-space()='Import again']"));
        assertThat(browser.driver().findElement(By.id("message")).getText()).containsIgnoringCase("already");
        again.click();
        // then a second import of it runs to the end
        browser.await().until(d -> d.findElements(By.cssSelector("#watched article.import")).size() == 2);
        WebElement second = browser.driver().findElements(By.cssSelector("#watched article.import")).get(0);
        assertThat(second.getAttribute("data-id")).isNotEqualTo(first);
        awaitBar(second, "100");
        assertThat(api.job(second.getAttribute("data-id")).get("status")).isEqualTo("completed");
    }

    @Test
    void roll_back_asks_first_and_no_keeps_the_rows_yes_removes_them() throws Exception {
        // given an imported file
        String tag = Long.toString(System.nanoTime(), 36);
        Path file = write("undo-" + tag + ".csv", "email,first_name\nundo." + tag + "@example.com,Ann\n");
        browser.open(service.baseUrl() + "/");
        choosePipeline("contacts");
        chooseFiles(file);
        WebElement card = awaitCompleteCard(file.getFileName().toString());
        // when Roll back is pressed and the dialog answered No (the keyboard's Escape works the same)
        card.findElement(By.xpath(".//button[normalize-space()='Roll back']")).click();
        WebElement dialog = browser.visible(By.id("confirm-dialog"));
        assertThat(dialog.getText()).contains("Roll back this import?");
        dialog.findElement(By.cssSelector("button[value='no']")).click();
        browser.await().until(d -> !d.findElement(By.id("confirm-dialog")).isDisplayed());
        // then nothing happened
        assertThat(db.count("select count(*) from contacts where email = ?", "undo." + tag + "@example.com")).isEqualTo(1);
        // and when it is pressed again and answered Yes, the import is rolled back and the page says so
        card.findElement(By.xpath(".//button[normalize-space()='Roll back']")).click();
        browser.visible(By.id("confirm-yes")).click();
        browser.await().until(d -> "rolled_back".equals(card.getAttribute("data-status")));
        assertThat(api.job(card.getAttribute("data-id")).get("status")).isEqualTo("rolled_back");
        assertThat(db.count("select count(*) from contacts where email = ?", "undo." + tag + "@example.com")).isZero();
        assertThat(card.findElement(By.xpath(".//button[normalize-space()='Roll back']")).isDisplayed()).isFalse();
    }

    @Test
    void several_files_make_a_group_and_the_page_shows_each_file() throws Exception {
        // given two contacts files
        String tag = Long.toString(System.nanoTime(), 36);
        Path a = write("north-" + tag + ".csv", "email,first_name\nn1." + tag + "@example.com,N1\nn2." + tag + "@example.com,N2\n");
        Path b = write("south-" + tag + ".csv", "email,first_name\ns1." + tag + "@example.com,S1\nbad-" + tag + ",S2\n");
        browser.open(service.baseUrl() + "/");
        choosePipeline("contacts");
        // when both are chosen at once
        chooseFiles(a, b);
        WebElement card = browser.visible(By.cssSelector("#watched article.group"));
        awaitBar(card, "100");
        // then the group's line for each file shows the file's status and counts, as the API has them
        Map<String, Object> group = ApiClient.json(api.get("/api/groups/" + card.getAttribute("data-id")).body());
        browser.await().until(d -> card.findElements(By.cssSelector("ul.files li")).size() == 2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> imports = (List<Map<String, Object>>) group.get("imports");
        assertThat(imports).hasSize(2);
        for (Map<String, Object> job : imports) {
            WebElement line = card.findElement(By.cssSelector("ul.files li[data-id='" + job.get("id") + "']"));
            assertThat(line.getText()).contains(String.valueOf(job.get("fileName")), String.valueOf(job.get("status")).replace('_', ' '),
                    job.get("rowsStored") + " stored", job.get("rowsFailed") + " failed");
        }
        assertThat(shown(card, "rowsRead")).isEqualTo(String.valueOf(group.get("rowsRead")));
        assertThat(group.get("rowsRead")).isEqualTo(4);
        browser.scrollTo(card);
        browser.screenshot("03-group");
    }

    @Test
    void a_dry_run_shows_its_preview_and_execute_imports_the_file() throws Exception {
        // given an existing contact and a file that adds one and changes it
        String tag = Long.toString(System.nanoTime(), 36);
        db.execute("insert into contacts (email, first_name, company, import_id) values (?, 'Bob', 'Initrode', ?::uuid)",
                "old." + tag + "@example.com", "00000000-0000-0000-0000-000000000001");
        Path file = write("preview-" + tag + ".csv", "email,first_name,company\nnew." + tag + "@example.com,Ann,Acme\n"
                + "old." + tag + "@example.com,Bob,Initech\n");
        browser.open(service.baseUrl() + "/");
        choosePipeline("contacts");
        new Select(browser.driver().findElement(By.id("duplicates"))).selectByValue("update");
        browser.driver().findElement(By.id("dryRun")).click();
        // when the file is chosen: a dry run
        chooseFiles(file);
        WebElement dryRun = awaitCompleteCard(file.getFileName().toString());
        WebElement execute = browser.await().until(d -> dryRun.findElement(By.cssSelector("button.execute")));
        // then its preview shows the API's counts and the change update would make, and nothing was written
        Map<String, Object> preview = ApiClient.json(api.get("/api/imports/" + dryRun.getAttribute("data-id") + "/preview").body());
        for (String field : List.of("wouldInsert", "wouldUpdate", "wouldLeaveUnchanged", "wouldFail")) {
            assertThat(shown(dryRun, field)).as(field).isEqualTo(String.valueOf(preview.get(field)));
        }
        assertThat(preview.get("wouldInsert")).isEqualTo(1);
        assertThat(dryRun.findElement(By.cssSelector("ul.changes")).getText()).contains("Initrode", "Initech");
        assertThat(db.count("select count(*) from contacts where email = ?", "new." + tag + "@example.com")).isZero();
        browser.scrollTo(dryRun);
        browser.screenshot("04-dry-run-preview");
        // when Execute is pressed
        execute.click();
        browser.await().until(d -> d.findElements(By.cssSelector("#watched article.import")).size() == 2);
        WebElement real = browser.driver().findElements(By.cssSelector("#watched article.import")).get(0);
        awaitBar(real, "100");
        // then the file is imported for real
        assertThat(db.count("select count(*) from contacts where email = ?", "new." + tag + "@example.com")).isEqualTo(1);
        assertThat(db.rows("select company from contacts where email = ?", "old." + tag + "@example.com").get(0).get("company"))
                .isEqualTo("Initech");
        browser.screenshot("05-dry-run-executed");
    }

    @Test
    void a_courriel_header_is_mapped_to_email_and_imported() throws Exception {
        // given a French export whose e-mail column is headed Courriel
        String tag = Long.toString(System.nanoTime(), 36);
        Path file = write("courriel-" + tag + ".csv", "Courriel,Prénom,Nom\nada." + tag + "@example.com,Ada,Lovelace\n"
                + "grace." + tag + "@example.com,Grace,Hopper\n");
        browser.open(service.baseUrl() + "/");
        choosePipeline("contacts");
        browser.driver().findElement(By.id("review")).click();
        // when it is chosen with "Review the column mapping first"
        chooseFiles(file);
        WebElement email = browser.visible(By.id("map-email"));
        // then the email column is suggested from Courriel; the user maps the names too and saves the mapping
        assertThat(new Select(email).getFirstSelectedOption().getText()).isEqualTo("Courriel");
        new Select(browser.driver().findElement(By.id("map-first_name"))).selectByVisibleText("Prénom");
        new Select(browser.driver().findElement(By.id("map-last_name"))).selectByVisibleText("Nom");
        // (a header taken by one column is freed in the others: the API reads a header into one column only)
        for (WebElement select : browser.driver().findElements(By.cssSelector("#mapping-rows select"))) {
            String column = select.getAttribute("data-column");
            String header = new Select(select).getFirstSelectedOption().getAttribute("value");
            if (!header.isEmpty()) {
                assertThat(Map.of("email", "Courriel", "first_name", "Prénom", "last_name", "Nom")).as(column).containsEntry(column, header);
            }
        }
        browser.driver().findElement(By.id("mapping-name")).sendKeys("french-" + tag);
        browser.driver().findElement(By.id("mapping-save")).click();
        browser.await().until(d -> d.findElement(By.id("message")).getText().contains("saved"));
        browser.scrollTo(browser.driver().findElement(By.id("mapping-section")));
        browser.screenshot("06-mapping");
        assertThat(ApiClient.json(api.get("/api/pipelines/contacts/mappings/french-" + tag).body()).get("mapping"))
                .isEqualTo(Map.of("email", "Courriel", "first_name", "Prénom", "last_name", "Nom"));
        assertThat(db.count("select count(*) from contacts")).isZero();
        // and Import sends the file with that mapping
        browser.driver().findElement(By.id("mapping-import")).click();
        awaitCompleteCard(file.getFileName().toString());
        assertThat(db.rows("select first_name, last_name from contacts where email = ?", "ada." + tag + "@example.com"))
                .containsExactly(Map.of("first_name", "Ada", "last_name", "Lovelace"));
    }

    @Test
    void with_an_api_token_the_page_asks_for_it_once_and_then_works() throws Exception {
        // given a service that wants a bearer token
        String token = "s3cret-" + Long.toString(System.nanoTime(), 36);
        try (ServiceProcess guarded = ServiceProcess.start("web-token", List.of(), Map.of("API_TOKEN", token))) {
            browser.driver().get(guarded.baseUrl() + "/");
            // when the page's first call answers 401, it asks for the token in a labelled form
            WebElement input = browser.visible(By.id("token"));
            assertThat(browser.driver().findElement(By.cssSelector("label[for='token']")).getText()).isEqualTo("API token");
            browser.screenshot("07-token");
            input.sendKeys(token);
            browser.driver().findElement(By.cssSelector("#token-form button[type='submit']")).click();
            // then the page works with it: pipelines, an upload and its progress
            browser.await().until(d -> !d.findElements(By.cssSelector("#pipeline option")).isEmpty());
            choosePipeline("contacts");
            String tag = Long.toString(System.nanoTime(), 36);
            Path file = write("token-" + tag + ".csv", "email,first_name\nt." + tag + "@example.com,Tom\n");
            chooseFiles(file);
            awaitCompleteCard(file.getFileName().toString());
            assertThat(browser.driver().findElement(By.id("token-section")).isDisplayed()).isFalse();
            Object kept = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("return [sessionStorage.length, localStorage.length]");
            assertThat(kept).isEqualTo(List.of(1L, 0L));
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    private void choosePipeline(String name) {
        new Select(browser.driver().findElement(By.id("pipeline"))).selectByValue(name);
    }

    /** As a person choosing files in the dialog: the paths typed into the file input, several one per line. */
    private void chooseFiles(Path... chosen) {
        browser.driver().findElement(By.id("files")).sendKeys(String.join("\n",
                Stream.of(chosen).map(p -> p.toAbsolutePath().toString()).toList()));
    }

    /** The card of the import of that file, once its progress bar says 100. */
    private WebElement awaitCompleteCard(String fileName) {
        WebElement card = browser.visible(By.xpath("//div[@id='watched']/article[contains(@class,'import')][h3[starts-with(normalize-space(), '"
                + fileName + "')]]"));
        awaitBar(card, "100");
        return card;
    }

    private void awaitBar(WebElement card, String value) {
        browser.await().until(d -> value.equals(card.findElement(By.cssSelector("[role='progressbar']")).getAttribute("aria-valuenow")));
    }

    private static String shown(WebElement card, String field) {
        return card.findElement(By.cssSelector("[data-field='" + field + "']")).getText().replaceAll("[^0-9.\\-]", "");
    }

    private Path awaitDownload(String suffix) {
        return browser.await().until(d -> {
            try (Stream<Path> found = Files.list(browser.downloads())) {
                return found.filter(p -> p.toString().endsWith(suffix)).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }
}
