package io.bulkimport.progress;

import io.bulkimport.pipeline.ImportContext;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The imports this service instance is running now. */
public class ActiveImports {

    private final Map<UUID, ImportContext> running = new ConcurrentHashMap<>();
    private final LiveProgress progress;
    private final GroupRates groupRates;

    public ActiveImports() {
        this(LiveProgress.DEFAULT_WINDOW);
    }

    /** @param etaWindow the longest window the rate behind the ETA is measured over ({@code import.eta-window-seconds}) */
    public ActiveImports(Duration etaWindow) {
        this.progress = new LiveProgress(etaWindow, System::nanoTime);
        this.groupRates = new GroupRates(etaWindow, System::nanoTime);
    }

    /** The recent rate of each running group of files, over the same window as an import's. */
    public GroupRates groupRates() {
        return groupRates;
    }

    /** Their progress, answered without the database while they run. */
    public LiveProgress progress() {
        return progress;
    }

    public void add(ImportContext context) {
        running.put(context.importId(), context);
    }

    public void remove(UUID id) {
        progress.ended(id);
        running.remove(id);
    }

    public Optional<ImportContext> find(UUID id) {
        return Optional.ofNullable(running.get(id));
    }

    public Collection<ImportContext> all() {
        return List.copyOf(running.values());
    }

    public double count() {
        return running.size();
    }
}
