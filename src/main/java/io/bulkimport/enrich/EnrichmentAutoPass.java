package io.bulkimport.enrich;

import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic re-enrichment: when a pipeline's circuit (the {@code circuitBreaker} of its route) leaves the open
 * state (half-open: a trial is allowed; closed: the provider answers again), the pending rows of that pipeline's
 * imports finished in the last day get a pass. Checked every few seconds; during a long outage that is one trial per
 * open period, not one per tick.
 */
public class EnrichmentAutoPass implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichmentAutoPass.class);

    private final DataSource dataSource;
    private final PipelineCatalog pipelines;
    private final EnrichmentSpecs specs;
    private final PendingReenrichment reenrichment;
    private final CircuitBreakerRegistry breakers;
    private final Set<String> due = ConcurrentHashMap.newKeySet();

    /** Watches every circuit breaker {@code breakers} holds or will hold (the routes create theirs as they start). */
    public EnrichmentAutoPass(DataSource dataSource, PipelineCatalog pipelines, EnrichmentSpecs specs,
                              PendingReenrichment reenrichment, CircuitBreakerRegistry breakers) {
        this.dataSource = dataSource;
        this.pipelines = pipelines;
        this.specs = specs;
        this.reenrichment = reenrichment;
        this.breakers = breakers;
        breakers.getAllCircuitBreakers().forEach(this::watch);
        breakers.getEventPublisher().onEntryAdded(e -> watch(e.getAddedEntry()));
    }

    private void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(e -> {
            CircuitBreaker.State to = e.getStateTransition().getToState();
            if (to == CircuitBreaker.State.CLOSED || to == CircuitBreaker.State.HALF_OPEN) {
                due.add(breaker.getName());
            }
        });
    }

    @Override
    public void run() {
        try {
            for (EnrichmentSpec spec : specs.all()) {
                PipelineDefinition pipeline = pipelines.find(spec.getPipeline()).orElse(null);
                CircuitBreaker breaker = breakers.find(spec.circuitBreakerId()).orElse(null);
                if (pipeline != null && breaker != null && breaker.getState() != CircuitBreaker.State.OPEN
                        && due.remove(breaker.getName())) {
                    startPasses(pipeline, spec);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("automatic re-enrichment check failed: {}", e.getMessage());
        }
    }

    private void startPasses(PipelineDefinition pipeline, EnrichmentSpec spec) throws SQLException {
        String sql = "select distinct t.import_id from " + pipeline.getTable() + " t join import_jobs j on j.id = t.import_id "
                + "where t." + spec.getStatusColumn() + " = 'pending' and j.status in ('completed', 'completed_with_errors') "
                + "and j.finished_at > now() - interval '1 day'";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                UUID importId = rs.getObject(1, UUID.class);
                if (reenrichment.start(importId, pipeline.getName(), false)) {
                    LOG.info("{} import {}: the AI provider circuit left the open state; re-enriching its pending rows",
                            pipeline.getName(), importId);
                }
            }
        }
    }
}
