package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.ImportStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DuplicateFileExceptionTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

    @Test
    void a_finished_import_of_the_bytes_can_be_repeated_with_force() {
        assertThat(new DuplicateFileException(job(ImportStatus.COMPLETED)).getMessage()).isEqualTo("this file was "
                + "already imported into contacts as import " + ID + " (completed); add force=true to import it again");
    }

    @Test
    void a_running_one_says_that_force_waits_until_it_has_ended() {
        // a second forced upload while the first runs is refused too (one active import per file): the message must
        // not tell the user to add the flag they already gave
        String message = new DuplicateFileException(job(ImportStatus.RUNNING)).getMessage();

        assertThat(message).isEqualTo("this file is being imported into contacts right now, as import " + ID
                + " (running); the same bytes can be imported again, with force=true, once it has ended");
    }

    private static ImportJob job(ImportStatus status) {
        return new ImportJob(ID, "contacts", "upload", "race.csv", "/x", "sha", 10, new ImportOptions("skip", 100, false, true),
                List.of(), status, 1L, true, 0, 0, 0, 0, 0, null, Instant.EPOCH, Instant.EPOCH, null, null);
    }
}
