package io.bulkimport.notify;

import io.bulkimport.progress.GroupView;
import io.bulkimport.progress.ImportJob;
import io.bulkimport.progress.JobView;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.store.ImportJobRepository;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a group of files (issue #14) once its last file has ended: stores its final status ({@link GroupView#status})
 * and {@code finished_at}, then claims its one completion notification ({@code import_groups.notified_at}, so that
 * it goes out once however many files end at the same moment, on however many instances, and across a restart) and
 * gives the {@code group.finished} event to the notifier. Called on the notification threads, never on an import's.
 */
public class GroupCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCompletion.class);

    private final ImportGroupRepository groups;
    private final ImportJobRepository jobs;

    public GroupCompletion(ImportGroupRepository groups, ImportJobRepository jobs) {
        this.groups = groups;
        this.jobs = jobs;
    }

    /** The group job {@code importId} belongs to, if any. */
    public Optional<UUID> groupOf(UUID importId) {
        return groups.groupOf(importId);
    }

    /**
     * Ends the group if none of its files is queued or running any more.
     *
     * @return the event to send when this call claimed the group's notification, else empty
     */
    public Optional<GroupFinishedEvent> check(UUID groupId, String baseUrl) {
        ImportGroupRepository.Group group = groups.find(groupId).orElse(null);
        if (group == null) {
            return Optional.empty();
        }
        List<ImportJob> files = jobs.ofGroup(groupId);
        if (files.stream().anyMatch(j -> !j.status().finished())) {
            return Optional.empty();
        }
        if (groups.finish(groupId, GroupView.status(group.status(), files))) {
            LOG.info("{} group {} ended: {} files", group.pipeline(), groupId, files.size());
        }
        if (!groups.claimNotification(groupId)) {
            return Optional.empty();
        }
        ImportGroupRepository.Group ended = groups.find(groupId).orElseThrow();
        Instant now = Instant.now();
        Map<UUID, UUID> duplicates = new HashMap<>();
        groups.files(groupId).forEach(e -> {
            if (e.getValue() != null) {
                duplicates.put(e.getKey(), e.getValue());
            }
        });
        Map<String, Object> view = GroupView.of(groupId, ended.pipeline(), ended.status(), ended.finishedAt(), files,
                duplicates, j -> JobView.of(j, now), now, null);
        return Optional.of(new GroupFinishedEvent(ended, view, now, baseUrl));
    }

    /** Groups a crash may have left without their end or their notification. */
    public List<UUID> pending() {
        return groups.needingCompletion();
    }
}
