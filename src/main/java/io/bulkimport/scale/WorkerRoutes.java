package io.bulkimport.scale;

import org.apache.camel.builder.RouteBuilder;

/**
 * The worker routes of an instance that has a broker: competing consumers of each stage's queue, as many as the
 * stage's threads here ({@code hash.threads}), each taking one message at a time (the connection factory prefetches
 * at most one more, so a free worker of any instance takes the next message). A message is taken in a JMS transaction: a worker
 * that fails or dies leaves it to the broker, which delivers it again (to any instance) and, after its last attempt,
 * moves it to its dead-letter queue.
 *
 * <p>Camel Main finds this class by its package scan; it adds routes only when {@link BrokerConfiguration} bound a
 * {@link HashWorker} or an {@link EnrichWorker} (a broker is set), and none otherwise. Stage {@code enrich}'s workers
 * are as many as {@code ai.max-concurrent}: they mostly wait for the provider and its rate limit, not for a CPU.
 */
public final class WorkerRoutes extends RouteBuilder {

    @Override
    public void configure() {
        EnrichWorker enrichWorker = getContext().getRegistry().findSingleByType(EnrichWorker.class);
        if (enrichWorker != null) {
            from("jmsworker:queue:" + BrokerSettings.ENRICH_QUEUE + "?concurrentConsumers=" + enrichWorker.threads()
                    + "&maxConcurrentConsumers=" + enrichWorker.threads() + "&transacted=true&cacheLevelName=CACHE_CONSUMER")
                    .routeId("broker-enrich-worker")
                    .description("Stage enrich for every instance: the AI answers for the rows in each message")
                    .process(enrichWorker);
        }
        HashWorker hashWorker = getContext().getRegistry().findSingleByType(HashWorker.class);
        if (hashWorker == null) {
            return;
        }
        from("jmsworker:queue:" + BrokerSettings.HASH_QUEUE + "?concurrentConsumers=" + hashWorker.threads()
                + "&maxConcurrentConsumers=" + hashWorker.threads() + "&transacted=true&cacheLevelName=CACHE_CONSUMER")
                .routeId("broker-hash-worker")
                .description("Stage hash for every instance: bcrypt of the passwords in each message, answered to its requester")
                .process(hashWorker);
    }
}
