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
    /** Imports a person cancelled between their start and their registration here: cancelled as they register. */
    private final java.util.Set<UUID> cancelOnStart = ConcurrentHashMap.newKeySet();
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
        if (cancelOnStart.remove(context.importId())) {
            context.cancel();
        }
    }

    /**
     * Cancels an import that runs here (it stops within a batch), or that is starting here and registers in a moment
     * (it is cancelled as it does: a cancel that met it between its start and its registration is not lost).
     *
     * @return true when it was running here
     */
    public boolean cancel(UUID id) {
        cancelOnStart.add(id);
        ImportContext context = running.get(id);
        if (context == null) {
            return false;
        }
        cancelOnStart.remove(id);
        context.cancel();
        return true;
    }

    public void remove(UUID id) {
        progress.ended(id);
        running.remove(id);
        cancelOnStart.remove(id);
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
