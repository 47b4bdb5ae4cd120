package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class InboxFoldersTest {

    @TempDir
    Path inbox;

    private final Logger logger = (Logger) LoggerFactory.getLogger(InboxFolders.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void a_folder_no_pipeline_reads_is_named_once_and_pipelines_and_dot_folders_are_not() throws IOException {
        // given the inbox has the contacts folder, a misspelt one with a file in it, and a hidden one
        Files.createDirectories(inbox.resolve("contacts"));
        Files.writeString(Files.createDirectories(inbox.resolve("contact")).resolve("people.csv"), "email\n");
        Files.createDirectories(inbox.resolve(".trash"));
        InboxFolders folders = new InboxFolders(inbox, () -> List.of("contacts", "users"));

        // when it is looked at twice
        List<String> first = folders.check();
        List<String> second = folders.check();

        // then the misspelt folder is the one, and it is warned of once, with the pipelines there are
        assertThat(first).containsExactly("contact");
        assertThat(second).containsExactly("contact");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("files in "
                + inbox.resolve("contact") + java.io.File.separator + " are not imported: no pipeline is named 'contact' "
                + "(a folder of the inbox is read when a pipeline has its name; pipelines: contacts, users)");
    }

    @Test
    void an_inbox_that_does_not_exist_yet_has_no_folders() {
        assertThat(new InboxFolders(inbox.resolve("missing"), () -> List.of("contacts")).check()).isEmpty();
        assertThat(logged.list).isEmpty();
    }
}
