package io.bulkimport.enrich;

import static io.bulkimport.pipeline.DaemonThreadFactory.daemon;

import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.progress.MeterRegistryLookup;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires stage {@code enrich} from the {@code ai.*} properties: one provider client (camel-http), the provider-wide
 * rate limit and the cache for the whole service, bound as {@code aiEnricher}; the registry of the routes' circuit
 * breakers ({@code aiCircuitBreakers}: each pipeline's {@code circuitBreaker} step creates its own in it); the
 * re-enrichment pass ({@code pendingReenrichment}, mounted as an HTTP endpoint by the {@code api} side) and its
 * automatic run. Called from {@code BulkImportConfiguration}.
 */
public final class EnrichmentConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentConfiguration.class);
    /** From admission until the request's connect begins (the admission's commit, a thread, a pooled connection). */
    private static final Duration START_ALLOWANCE = Duration.ofSeconds(5);

    private EnrichmentConfiguration() {
    }

    public static void bind(CamelContext camelContext, DataSource dataSource, PipelineCatalog pipelines) throws Exception {
        Registry registry = camelContext.getRegistry();
        AiSettings settings = settings(camelContext);
        EnrichmentMetrics metrics = new EnrichmentMetrics(registry.findSingleByType(MeterRegistryLookup.class));
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        breakers.getEventPublisher().onEntryAdded(e -> watch(e.getAddedEntry(), metrics));
        registry.bind("aiCircuitBreakers", breakers);   // the routes' circuitBreaker steps find it by type
        registry.bind(ChatCompletionClient.CONFIGURER, ChatCompletionClient.noAutomaticRetries());
        ChatCompletionClient client = new ChatCompletionClient(camelContext.createProducerTemplate(), settings);
        ResilientChatClient provider = new ResilientChatClient(client, settings, admission(camelContext, settings, dataSource),
                metrics);
        // requests wait for the shared semaphore and rate limiter; each pipeline's pool only has to be big enough to keep
        // them busy, and is its own, so requests its pipeline's limit holds back keep no thread from another pipeline's
        RequestBulkheads requests = new RequestBulkheads(Math.max(8, settings.maxConcurrent() * 4));
        EnrichmentSpecs specs = new EnrichmentSpecs(() -> registry.findByType(EnrichmentSpec.class), settings,
                sentence -> LOG.warn("{}", sentence));
        RowsEnricher enricher = new RowsEnricher(provider, new AiCacheRepository(dataSource), settings, specs, requests, metrics);
        PendingReenrichment reenrichment = new PendingReenrichment(dataSource, pipelines, specs, enricher, breakers,
                settings, Executors.newCachedThreadPool(daemon("ai-reenrich")));
        registry.bind("aiEnricher", new AiEnricher(specs, enricher, settings));
        // for the scale-out's wiring: its workers enrich here, and its requester replaces aiEnricher's way of enriching
        registry.bind("rowsEnricher", enricher);
        registry.bind("enrichmentSpecs", specs);
        registry.bind("aiSettings", settings);
        registry.bind("pendingReenrichment", reenrichment);
        registry.bind("aiRequestBulkheads", requests);
        if (settings.configured()) {
            LOG.info("AI enrichment: {}", settings);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("ai-auto-pass"));
            int every = integer(camelContext, "ai.auto-pass-seconds");
            ticker.scheduleWithFixedDelay(new EnrichmentAutoPass(dataSource, pipelines, specs, reenrichment, breakers),
                    every, every, TimeUnit.SECONDS);
            registry.bind("aiAutoPassTicker", ticker);
        }
        camelContext.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // each pipeline's settings, once: a route value above its provider-wide cap is logged here
                for (EnrichmentSpec spec : specs.all()) {
                    LOG.info("AI enrichment of pipeline {}: {}", spec.getPipeline(), specs.settings(spec));
                }
            }
        });
    }

    /**
     * The provider-wide limit as {@code ai.rate-limit.shared} wants it: kept in the database for every instance on it
     * (true, the default), or in this JVM alone.
     */
    static RequestAdmission admission(CamelContext c, AiSettings settings, DataSource dataSource) {
        if (!Boolean.parseBoolean(property(c, "ai.rate-limit.shared").trim())) {
            return ResilientChatClient.admission(settings);
        }
        return new PostgresRequestAdmission(dataSource, ResilientChatClient.providerLimit(settings),
                settings.rateLimitMargin(), settings.timeout().plus(START_ALLOWANCE));
    }

    private static void watch(CircuitBreaker breaker, EnrichmentMetrics metrics) {
        metrics.watch(breaker);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("AI provider circuit {} {}", breaker.getName(),
                e.getStateTransition()));
    }

    /** The {@code ai.*} settings; their defaults are application.properties' alone (one source of defaults). */
    static AiSettings settings(CamelContext c) {
        return new AiSettings(property(c, "ai.base-url"), property(c, "ai.api-key"), property(c, "ai.model"),
                integer(c, "ai.rows-per-request"), integer(c, "ai.requests-per-minute"), integer(c, "ai.max-concurrent"),
                Duration.ofMillis(integer(c, "ai.timeout-ms")), integer(c, "ai.max-retries"),
                Duration.ofMillis(integer(c, "ai.retry.initial-delay-ms")), Duration.ofMillis(integer(c, "ai.retry.max-delay-ms")),
                Duration.ofMillis(integer(c, "ai.rate-limit.margin-ms")));
    }

    private static int integer(CamelContext c, String key) {
        return Integer.parseInt(property(c, key).trim());
    }

    /** @throws IllegalStateException when the setting is missing: application.properties ships every one */
    private static String property(CamelContext c, String key) {
        return c.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("setting " + key + " is missing (application.properties ships it)"));
    }
}
