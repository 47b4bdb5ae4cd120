package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory, not time: a 300k-row CSV and a 100k-row XLSX import completely in a service whose heap is capped at
 * 128 MB and which exits on the first OutOfMemoryError. Speed is measured by bench/, never asserted here.
 */
class LargeFileMemoryIT {

    private static final int ROWS = 300_000;
    private static ServiceProcess service;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        TestDatabase.get().clean();
        service = ServiceProcess.start("xmx128m", List.of("-Xmx128m"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void imports_a_100k_row_xlsx_with_a_128m_heap() throws IOException {
        // given a 100k-row workbook
        Path file = dir.resolve("big.xlsx");
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            org.dhatim.fastexcel.Workbook workbook = new org.dhatim.fastexcel.Workbook(out, "bench", "1.0");
            org.dhatim.fastexcel.Worksheet sheet = workbook.newWorksheet("Contacts");
            sheet.value(0, 0, "Email Address");
            sheet.value(0, 1, "First Name");
            sheet.value(0, 2, "Company");
            for (int i = 1; i <= 100_000; i++) {
                sheet.value(i, 0, "xlsx" + i + "@example.com");
                sheet.value(i, 1, "First" + i);
                sheet.value(i, 2, "Company " + (i % 977) + ", a fairly long name for realism Ltd");
                if (i % 10_000 == 0) {
                    sheet.flush();
                }
            }
            workbook.finish();
        }

        // when it is uploaded to the service running at -Xmx128m
        ApiClient api = new ApiClient(service);
        String id = api.uploadAccepted("contacts", file, "filename=big.xlsx");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(5));

        // then every row landed with its values, and the service is still up
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", 100_000).containsEntry("rowsStored", 100_000);
        assertThat(TestDatabase.get().rows("select first_name, company from contacts where email = 'xlsx77@example.com'").get(0))
                .containsEntry("first_name", "First77").containsEntry("company", "Company 77, a fairly long name for realism Ltd");
        assertThat(service.alive()).isTrue();
    }

    @Test
    void imports_300k_rows_with_a_128m_heap() throws IOException {
        // given a 300k-row contacts file with long-ish values (about 40 MB)
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first_name,last_name,company,phone\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("user" + i + "@example.com,First" + i + ",Last" + i + ",\"Company " + (i % 977)
                        + ", a fairly long name for realism Ltd\",+1 555 " + (1_000_000 + i) + "\n");
            }
        }

        // when it is uploaded to the service running at -Xmx128m
        ApiClient api = new ApiClient(service);
        String id = api.uploadAccepted("contacts", file, "filename=big.csv");
        Map<String, Object> job = api.awaitFinished(id, Duration.ofMinutes(5));

        // then every row landed and the service is still up (it exits on OutOfMemoryError)
        assertThat(job).containsEntry("status", "completed").containsEntry("rowsRead", ROWS).containsEntry("rowsStored", ROWS);
        assertThat(TestDatabase.get().count("select count(*) from contacts where import_id = ?::uuid", id)).isEqualTo(ROWS);
        assertThat(service.alive()).as("service alive after the import").isTrue();
        assertThat(service.log()).doesNotContain("OutOfMemoryError");
    }
}
