package io.bulkimport.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A folder of the inbox that no pipeline reads is named in the service's log (README, "Quick start"). */
class InboxFoldersIT {

    private final ServiceProcess service = ServiceProcess.shared();

    @Test
    void a_misspelt_pipeline_folder_keeps_its_file_and_the_log_says_why() throws IOException {
        // given a file dropped in inbox/contact/ (the pipeline is contacts)
        Path file = Files.writeString(service.inbox("contact").resolve("people.csv"), "email\nada@example.com\n");

        // then within the check's 30 s the log names the folder and the pipelines there are
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (!service.log().contains("no pipeline is named 'contact'") && System.nanoTime() < deadline) {
            ServiceProcess.sleep(500);
        }
        assertThat(service.log()).containsPattern("WARN .*files in \\S*inbox/contact/ are not imported: no pipeline is "
                + "named 'contact' \\(a folder of the inbox is read when a pipeline has its name; pipelines: "
                + "contacts, items, leads, records, transactions, users\\)");
        // and the file is still where it was dropped
        assertThat(file).exists();
    }
}
