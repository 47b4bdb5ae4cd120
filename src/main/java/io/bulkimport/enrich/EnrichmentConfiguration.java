package io.bulkimport.enrich;

import static io.bulkimport.pipeline.DaemonThreadFactory.daemon;

import io.bulkimport.progress.MeterRegistryLookup;
import io.bulkimport.api.EnrichPendingHandler;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.store.ImportJobRepository;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires stage {@code enrich} from the {@code ai.*} properties: one provider client, rate limiter, circuit breaker
 * and cache for the whole service, bound as {@code aiEnricher}; the re-enrichment endpoint and its automatic pass.
 * Called from {@code BulkImportConfiguration}.
 */
public final class EnrichmentConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentConfiguration.class);

    private EnrichmentConfiguration() {
    }

    public static void bind(CamelContext camelContext, DataSource dataSource, ImportJobRepository jobs,
                            PipelineCatalog pipelines) throws Exception {
        Registry registry = camelContext.getRegistry();
        AiSettings settings = settings(camelContext);
        EnrichmentMetrics metrics = new EnrichmentMetrics(registry.findSingleByType(MeterRegistryLookup.class));
        ResilientChatClient provider = new ResilientChatClient(new ChatCompletionClient(settings), settings, metrics);
        // requests wait for the shared semaphore and rate limiter; the pool only has to be big enough to keep them busy
        ExecutorService requests = Executors.newFixedThreadPool(Math.max(8, settings.maxConcurrent() * 4), daemon("ai-request"));
        RowsEnricher enricher = new RowsEnricher(provider, new AiCacheRepository(dataSource), settings, requests, metrics);
        EnrichmentSpecs specs = new EnrichmentSpecs(() -> registry.findByType(EnrichmentSpec.class));
        PendingReenrichment reenrichment = new PendingReenrichment(dataSource, pipelines, specs, enricher,
                provider.breaker(), settings, Executors.newCachedThreadPool(daemon("ai-reenrich")));
        registry.bind("aiEnricher", new AiEnricher(specs, enricher, settings));
        registry.bind("pendingReenrichment", reenrichment);
        registry.bind("aiRequestExecutor", requests);
        if (settings.configured()) {
            LOG.info("AI enrichment: {}", settings);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("ai-auto-pass"));
            int every = Integer.parseInt(property(camelContext, "ai.auto-pass-seconds", "10"));
            ticker.scheduleWithFixedDelay(new EnrichmentAutoPass(dataSource, pipelines, specs, reenrichment, provider.breaker()),
                    every, every, TimeUnit.SECONDS);
            registry.bind("aiAutoPassTicker", ticker);
        }
        camelContext.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the HTTP router exists once the context has fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                VertxPlatformHttpRouter router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
                if (router == null) {
                    LOG.warn("no HTTP router: POST /api/imports/{{id}}/enrich-pending is not available");
                    return;
                }
                new EnrichPendingHandler(jobs, reenrichment).mount(router);
            }
        });
    }

    static AiSettings settings(CamelContext c) {
        return new AiSettings(property(c, "ai.base-url", ""), property(c, "ai.api-key", ""), property(c, "ai.model", "gpt-4o-mini"),
                integer(c, "ai.rows-per-request", 20), integer(c, "ai.requests-per-minute", 60), integer(c, "ai.max-concurrent", 4),
                Duration.ofMillis(integer(c, "ai.timeout-ms", 30000)), integer(c, "ai.max-retries", 5),
                Duration.ofMillis(integer(c, "ai.retry.initial-delay-ms", 500)), Duration.ofMillis(integer(c, "ai.retry.max-delay-ms", 30000)),
                integer(c, "ai.circuit.minimum-calls", 10), integer(c, "ai.circuit.failure-rate", 50),
                Duration.ofMillis(integer(c, "ai.circuit.open-ms", 30000)));
    }

    private static int integer(CamelContext c, String key, int fallback) {
        return Integer.parseInt(property(c, key, Integer.toString(fallback)).trim());
    }

    private static String property(CamelContext c, String key, String fallback) {
        return c.getPropertiesComponent().resolveProperty(key).orElse(fallback);
    }
}
