package io.bulkimport.notify;

import io.bulkimport.progress.ImportJob;
import io.bulkimport.store.ImportJobRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits one event per import that reached a final status to the route {@code direct:import-finished}
 * ({@code routes/notifications.camel.yaml}), on its own small pool: the import's thread only queues it, so a slow or
 * absent receiver never slows or fails an import. The exchange carries the webhook body ({@link ImportFinishedEvent})
 * in the property {@code webhookBody} and, as properties, everything the route needs: {@code importId},
 * {@code eventId} (the Standard Webhooks {@code webhook-id}, {@code msg_…}), {@code eventSeconds},
 * {@code webhookUrls} ({@code notify.webhook-url} and the upload's {@code notifyUrl}), {@code emailTo}
 * ({@code notify.email-to} and the upload's {@code notifyEmail}), {@code emailSubject} and {@code emailText}.
 * Without that route (a routes folder without the file) nothing is sent.
 */
public class ImportNotifier {

    /** The route every event goes to. */
    public static final String ENDPOINT = "direct:import-finished";
    public static final String IMPORT_ID = "importId";
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_SECONDS = "eventSeconds";

    private static final Logger LOG = LoggerFactory.getLogger(ImportNotifier.class);

    private final ImportJobRepository jobs;
    private final CamelContext camelContext;
    private final ProducerTemplate producer;
    private final Settings settings;
    private final ExecutorService executor;
    private volatile GroupCompletion groups;

    /**
     * @param jobs         where the finished job is read from
     * @param camelContext the context whose route {@code direct:import-finished} gets the events
     * @param settings     the service-wide addresses and the base URL of the links
     * @param executor     the notification threads (a bounded queue: when full, an event is dropped with a warning)
     */
    public ImportNotifier(ImportJobRepository jobs, CamelContext camelContext, Settings settings, ExecutorService executor) {
        this.jobs = jobs;
        this.camelContext = camelContext;
        this.producer = camelContext.createProducerTemplate();
        this.settings = settings;
        this.executor = executor;
    }

    /**
     * Files of a group (issue #14) send no event of their own: when the last one ends, {@code groups} ends the group
     * and its one {@code group.finished} event goes out instead.
     */
    public void setGroupCompletion(GroupCompletion groups) {
        this.groups = groups;
    }

    /** Queues a check whether the group has ended (every file refused at intake, a restart); returns at once. */
    public void groupMayHaveEnded(UUID groupId) {
        try {
            executor.execute(() -> endGroup(groupId));
        } catch (RejectedExecutionException e) {
            LOG.warn("group {}: not checked for its end: the service is stopping, or too many events are waiting", groupId);
        }
    }

    /**
     * Queues the event of an import that has just reached a final status; returns at once.
     *
     * @param importId the job, already finished in the database
     */
    public void finished(UUID importId) {
        try {
            executor.execute(() -> send(importId));
        } catch (RejectedExecutionException e) {
            LOG.warn("import {}: no notification sent: the service is stopping, or too many events are waiting", importId);
        }
    }

    private void send(UUID importId) {
        try {
            ImportJob job = jobs.find(importId).orElse(null);
            if (job == null || !job.status().finished()) {
                return;
            }
            Optional<UUID> group = groups == null ? Optional.empty() : groups.groupOf(importId);
            if (group.isPresent()) {
                endGroup(group.get());
                return;
            }
            if (camelContext.getRoutes().stream().noneMatch(r -> r.getEndpoint().getEndpointUri().equals("direct://import-finished"))) {
                LOG.debug("import {}: no route takes {}, no notification", importId, ENDPOINT);
                return;
            }
            ImportFinishedEvent event = new ImportFinishedEvent(job, Instant.now(), settings.baseUrl());
            Exchange result = producer.send(ENDPOINT, exchange -> fill(exchange, event));
            if (result.getException() != null) {
                LOG.warn("import {}: the notification route failed: {}", importId,
                        NotificationRepository.reason(result.getException()));
            }
        } catch (RuntimeException e) {
            LOG.warn("import {}: no notification sent: {}", importId, e.getMessage());
        }
    }

    private void endGroup(UUID groupId) {
        try {
            Optional<GroupFinishedEvent> ended = groups.check(groupId, settings.baseUrl());
            if (ended.isEmpty() || !hasRoute()) {
                return;
            }
            GroupFinishedEvent event = ended.get();
            Exchange result = producer.send(ENDPOINT, exchange -> fill(exchange, event));
            if (result.getException() != null) {
                LOG.warn("group {}: the notification route failed: {}", groupId,
                        NotificationRepository.reason(result.getException()));
            }
        } catch (RuntimeException e) {
            LOG.warn("group {}: no notification sent: {}", groupId, e.getMessage());
        }
    }

    private boolean hasRoute() {
        return camelContext.getRoutes().stream().anyMatch(r -> r.getEndpoint().getEndpointUri().equals("direct://import-finished"));
    }

    /** The group's event: {@code importId} is the group's id (the notification records are kept by it). */
    private void fill(Exchange exchange, GroupFinishedEvent event) {
        exchange.setProperty(IMPORT_ID, event.group().id().toString());
        exchange.setProperty("groupId", event.group().id().toString());
        exchange.setProperty(EVENT_ID, "msg_" + UUID.randomUUID().toString().replace("-", ""));
        exchange.setProperty(EVENT_SECONDS, event.time().getEpochSecond());
        exchange.setProperty("eventType", GroupFinishedEvent.TYPE);
        exchange.setProperty("status", event.status());
        exchange.setProperty("webhookUrls", targets(settings.webhookUrl(), event.group().options().notifyUrl(), false));
        exchange.setProperty("emailTo", targets(settings.emailTo(), event.group().options().notifyEmail(), true));
        exchange.setProperty("emailSubject", event.subject());
        exchange.setProperty("emailText", event.summary());
        exchange.setProperty("webhookBody", event.body());
        exchange.getMessage().setBody(event.body());
    }

    private void fill(Exchange exchange, ImportFinishedEvent event) {
        ImportJob job = event.job();
        exchange.setProperty(IMPORT_ID, job.id().toString());
        exchange.setProperty(EVENT_ID, "msg_" + UUID.randomUUID().toString().replace("-", ""));
        exchange.setProperty(EVENT_SECONDS, event.time().getEpochSecond());
        exchange.setProperty("eventType", ImportFinishedEvent.TYPE);
        exchange.setProperty("status", job.status().dbValue());
        exchange.setProperty("webhookUrls", targets(settings.webhookUrl(), job.options().notifyUrl(), false));
        exchange.setProperty("emailTo", targets(settings.emailTo(), job.options().notifyEmail(), true));
        exchange.setProperty("emailSubject", event.subject());
        exchange.setProperty("emailText", event.summary());
        exchange.setProperty("webhookBody", event.body());
        exchange.getMessage().setBody(event.body());
    }

    /** The service-wide addresses and the upload's own, each once; e-mail addresses may be comma-separated lists. */
    static List<String> targets(String configured, String upload, boolean commaSeparated) {
        List<String> targets = new ArrayList<>();
        for (String list : new String[] {configured, upload}) {
            if (list == null) {
                continue;
            }
            for (String target : commaSeparated ? list.split(",") : new String[] {list}) {
                String t = target.strip();
                if (!t.isEmpty() && targets.stream().noneMatch(x -> x.toLowerCase(Locale.ROOT).equals(t.toLowerCase(Locale.ROOT)))) {
                    targets.add(t);
                }
            }
        }
        return targets;
    }

    /**
     * The service-wide settings.
     *
     * @param baseUrl    where the API is reached from outside, for the links in the event
     * @param webhookUrl {@code notify.webhook-url}, empty for none
     * @param emailTo    {@code notify.email-to}, comma-separated, empty for none
     */
    public record Settings(String baseUrl, String webhookUrl, String emailTo) {
    }
}
