package io.bulkimport.scale;

import static io.bulkimport.pipeline.DaemonThreadFactory.daemon;

import io.bulkimport.FullyStarted;
import io.bulkimport.hash.HashPool;
import io.bulkimport.hash.PasswordHashing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Wires the scale-out (issue #16) when {@code broker.url} or {@code broker.embedded-port} is set: the embedded broker
 * if asked for, the camel-jms components ({@code jms} for this instance's requests, through a session cache;
 * {@code jmsworker} for its workers, prefetching at most one message), the workers ({@link HashWorker}, which {@link WorkerRoutes}
 * consume with), the payload key,
 * the worker line in the database every few seconds ({@link WorkerRegistry}) and the meters ({@link BrokerMetrics}).
 */
public final class BrokerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);

    private BrokerConfiguration() {
    }

    /**
     * Reads {@code broker.*} and, when a broker is set, wires it.
     *
     * @param hashThreads the hash threads of this instance ({@code hash.threads}, 0 = one per core): its workers
     * @param local       hashing on this instance's pool, for when the broker cannot be reached
     * @return where stage {@code hash} hashes: through the broker, or null when there is none (in-process)
     * @throws Exception when the embedded broker cannot start, or the payload key cannot be read from the database
     */
    public static PasswordHashing bind(CamelContext camelContext, DataSource dataSource, int hashThreads,
                                       PasswordHashing local) throws Exception {
        BrokerSettings settings = settings(camelContext);
        camelContext.getRegistry().bind("brokerSettings", settings);
        if (!settings.enabled()) {
            return null;
        }
        if (settings.embeddedPort() > 0) {
            camelContext.addService(new EmbeddedBroker(settings.embeddedPort(), settings.user(), settings.password()),
                    true, true);
        }
        CachingConnectionFactory requests = new CachingConnectionFactory(factory(settings, false));
        ConnectionLoss connectionLoss = new ConnectionLoss(settings.safeUrl());
        requests.setExceptionListener(connectionLoss);
        camelContext.getRegistry().bind("brokerConnectionLoss", connectionLoss);
        camelContext.addComponent("jms", JmsComponent.jmsComponent(requests));
        camelContext.addComponent("jmsworker", JmsComponent.jmsComponent(factory(settings, true)));
        PayloadCipher cipher = PayloadCipher.shared(dataSource);
        BrokerMetrics metrics = new BrokerMetrics();
        int threads = HashPool.threadsFor(hashThreads);
        WorkerRegistry workers = new WorkerRegistry(dataSource, settings.instanceId(), threads);
        workers.add("hash", metrics);
        camelContext.getRegistry().bind("workerRegistry", workers);
        camelContext.getRegistry().bind("payloadCipher", cipher);
        camelContext.getRegistry().bind("hashWorker", new HashWorker(cipher, metrics, settings.instanceId(), threads));
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(daemon("worker-beat"));
        beat.scheduleWithFixedDelay(workers::beat, 0, WorkerRegistry.BEAT_SECONDS, TimeUnit.SECONDS);
        camelContext.getRegistry().bind("workerBeat", beat);
        FullyStarted.then(camelContext, context -> {
            metrics.register(() -> context.getRegistry().findSingleByType(MeterRegistry.class), "hash");
            workers.connectedWhen(() -> registered(context, "broker-hash-worker")
                    || registered(context, "broker-enrich-worker"));
        });
        LOG.info("scale-out: stage hash through the broker {} as instance {}, worker threads here: {}{}", settings.safeUrl(),
                settings.instanceId(), threads, settings.embeddedPort() > 0 ? " (hosting the embedded broker)" : "");
        return new BrokerHashing(camelContext.createProducerTemplate(), cipher, settings, metrics, local, connectionLoss);
    }

    /**
     * Stage {@code enrich} through the broker, once stage enrich is wired ({@code EnrichmentConfiguration}): this
     * instance's workers enrich with its {@code rowsEnricher}, and {@code aiEnricher} is bound again to send its rows
     * to every instance's workers. Nothing without a broker, or without an AI provider configured.
     */
    public static void bindEnrich(CamelContext camelContext, io.bulkimport.pipeline.PipelineCatalog pipelines) {
        org.apache.camel.spi.Registry registry = camelContext.getRegistry();
        BrokerSettings settings = registry.findSingleByType(BrokerSettings.class);
        io.bulkimport.enrich.AiSettings ai = registry.findSingleByType(io.bulkimport.enrich.AiSettings.class);
        if (settings == null || !settings.enabled() || ai == null || !ai.configured()) {
            return;
        }
        PayloadCipher cipher = registry.findSingleByType(PayloadCipher.class);
        io.bulkimport.enrich.RowsEnricher local = registry.findSingleByType(io.bulkimport.enrich.RowsEnricher.class);
        io.bulkimport.enrich.EnrichmentSpecs specs = registry.findSingleByType(io.bulkimport.enrich.EnrichmentSpecs.class);
        BrokerMetrics metrics = new BrokerMetrics();
        registry.findSingleByType(WorkerRegistry.class).add("enrich", metrics);
        registry.bind("enrichWorker", new EnrichWorker(cipher, metrics, settings.instanceId(), local, specs, pipelines,
                ai.maxConcurrent()));
        Duration timeout = Duration.ofMillis(Long.parseLong(property(camelContext, "broker.enrich-timeout-ms", "600000")));
        registry.bind("aiEnricher", new io.bulkimport.enrich.AiEnricher(specs, new BrokerEnrichment(
                camelContext.createProducerTemplate(), cipher, settings, metrics, local, specs, ai.maxConcurrent(), timeout,
                registry.findSingleByType(ConnectionLoss.class)),
                ai));
        try {
            FullyStarted.then(camelContext, context -> metrics.register(
                    () -> context.getRegistry().findSingleByType(MeterRegistry.class), "enrich"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        LOG.info("scale-out: stage enrich through the broker too, {} worker threads here", ai.maxConcurrent());
    }

    /** Whether the route's JMS listener has a consumer registered with its queue at the broker now. */
    private static boolean registered(CamelContext camelContext, String routeId) {
        org.apache.camel.Route route = camelContext.getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof org.apache.camel.component.jms.JmsConsumer consumer)) {
            return false;
        }
        try {
            return consumer.getListenerContainer() instanceof org.springframework.jms.listener.DefaultMessageListenerContainer
                    container && container.isRegisteredWithDestination();
        } catch (Exception e) {
            return false;   // no listener container yet
        }
    }

    static BrokerSettings settings(CamelContext camelContext) {
        String instance = property(camelContext, "broker.instance-id", "");
        return new BrokerSettings(property(camelContext, "broker.url", ""), property(camelContext, "broker.user", ""),
                property(camelContext, "broker.password", ""),
                Integer.parseInt(property(camelContext, "broker.embedded-port", "0")),
                instance.isBlank() ? WorkerRegistry.defaultInstanceId() : instance.strip(),
                Duration.ofMillis(Long.parseLong(property(camelContext, "broker.request-timeout-ms", "120000"))),
                Integer.parseInt(property(camelContext, "broker.max-sends", "3")),
                Integer.parseInt(property(camelContext, "broker.hash-chunk", "8")),
                Integer.parseInt(property(camelContext, "broker.in-flight-per-batch", "8")));
    }

    /**
     * A connection factory for the broker, failing fast when the broker is gone (the requester then hashes here);
     * for workers, with a consumer window of one byte: each consumer holds at most one message beyond the one it
     * works on, so messages wait in the queue for the first free worker of any instance rather than in one busy
     * consumer's buffer (the default window is 1 MiB: hundreds of messages). Not 0, "no buffer": then every poll of
     * Spring's listener container asks the broker for a forced delivery, and an idle worker thread used 41 CPU-s a
     * minute (measured).
     */
    private static ActiveMQConnectionFactory factory(BrokerSettings settings, boolean worker) {
        ActiveMQConnectionFactory factory = settings.user().isEmpty() ? new ActiveMQConnectionFactory(settings.url())
                : new ActiveMQConnectionFactory(settings.url(), settings.user(), settings.password());
        // a lost connection is tried again 3 times (0.5, 1, 2 s), then fails: the session cache and the listener
        // containers make a new one from then on. Reconnecting "for good" (-1) left a send, or the close of a session
        // after it, waiting for the failover of a broker that was gone, and the batch with it (ScaleOutIT)
        factory.setReconnectAttempts(3);
        factory.setRetryInterval(500);
        factory.setRetryIntervalMultiplier(2);
        factory.setMaxRetryInterval(5000);
        // a send to a broker that is gone fails after this, rather than waiting for it (the requester hashes here then)
        factory.setCallTimeout(10_000);
        // and a send while the connection is being re-made fails after this too, rather than blocking for good
        factory.setCallFailoverTimeout(10_000);
        if (worker) {
            factory.setConsumerWindowSize(1);
        }
        return factory;
    }

    private static String property(CamelContext camelContext, String key, String fallback) {
        return camelContext.getPropertiesComponent().resolveProperty(key).orElse(fallback);
    }
}
