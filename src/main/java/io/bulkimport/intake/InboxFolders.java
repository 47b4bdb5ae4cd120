package io.bulkimport.intake;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when a folder of the inbox is read by no route: files dropped in {@code inbox/<name>/} are imported only when a
 * pipeline is named {@code <name>} (each pipeline's inbox route watches its own folder), so a misspelt or removed
 * pipeline's folder would keep its files without a word. Each such folder gets one WARN line, when it is first seen;
 * folders whose name starts with a dot are skipped.
 */
public final class InboxFolders {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFolders.class);

    private final Path inbox;
    private final Supplier<Collection<String>> pipelines;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param inbox     the inbox folder ({@code import.inbox})
     * @param pipelines the names of the pipelines there are now
     */
    public InboxFolders(Path inbox, Supplier<Collection<String>> pipelines) {
        this.inbox = inbox;
        this.pipelines = pipelines;
    }

    /**
     * Looks at the inbox's folders once and logs a WARN for each one no pipeline reads that was not warned of before.
     * An inbox that does not exist (yet) or cannot be read is no folder of anyone's: nothing is logged.
     *
     * @return the folders no pipeline reads, whether warned of now or before, in name order
     */
    public List<String> check() {
        Set<String> names = new TreeSet<>(pipelines.get());
        List<String> unread = new ArrayList<>();
        if (!Files.isDirectory(inbox)) {
            return unread;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(inbox, Files::isDirectory)) {
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                if (!name.startsWith(".") && !names.contains(name)) {
                    unread.add(name);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return unread;
        }
        unread.sort(null);
        for (String name : unread) {
            if (warned.add(name)) {
                LOG.warn("files in {} are not imported: no pipeline is named '{}' (a folder of the inbox is read when a "
                        + "pipeline has its name; pipelines: {})", folder(name), name, String.join(", ", names));
            }
        }
        return unread;
    }

    private String folder(String name) {
        return inbox.resolve(name) + java.io.File.separator;
    }
}
