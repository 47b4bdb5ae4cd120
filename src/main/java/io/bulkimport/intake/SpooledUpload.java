package io.bulkimport.intake;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of an uploaded file under {@code <import.work-dir>/uploads}, deleted once nothing can read it any more.
 * The files of one multipart request live in a folder of their own ({@code parts-<uuid>}), those taken out of an
 * uploaded zip in another ({@code zip-<uuid>}): the last file of such a folder to go takes the folder with it, so a
 * long-running service does not collect one empty folder per group.
 */
public final class SpooledUpload {

    private static final Logger LOG = LoggerFactory.getLogger(SpooledUpload.class);

    private SpooledUpload() {
    }

    /**
     * Deletes {@code file} (absent is fine), then its folder when that is a request's or a zip's own folder and now
     * empty. Never throws: a file that cannot be deleted is logged and left.
     */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Path folder = file.toAbsolutePath().getParent();
            String name = folder == null || folder.getFileName() == null ? "" : folder.getFileName().toString();
            if (name.startsWith("parts-") || name.startsWith("zip-")) {
                Files.deleteIfExists(folder);
            }
        } catch (DirectoryNotEmptyException e) {
            // another file of the same request is still to be imported: the last one takes the folder
        } catch (IOException e) {
            LOG.warn("could not delete the finished upload {}: {}", file, e.getMessage());
        }
    }
}
