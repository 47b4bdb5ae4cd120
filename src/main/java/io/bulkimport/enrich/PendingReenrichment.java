package io.bulkimport.enrich;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the rows of a finished import that were stored with enrichment {@code pending}: reads them back,
 * enriches them like the stage does (cache first), and updates the ones that got an answer. One pass per import
 * at a time, within the pipeline's circuit breaker (the {@code circuitBreaker} of its route, found by its id
 * {@code <pipeline>-ai-circuit}): a pass stops while it is open, and each page counts as one call of it. Table and
 * column names come only from the pipeline declaration; values are bound parameters.
 */
public class PendingReenrichment {

    private static final Logger LOG = LoggerFactory.getLogger(PendingReenrichment.class);
    private static final int PAGE = 1000;

    private final DataSource dataSource;
    private final PipelineCatalog pipelines;
    private final EnrichmentSpecs specs;
    private final RowsEnricher enricher;
    private final CircuitBreakerRegistry breakers;
    private final AiSettings settings;
    private final ExecutorService executor;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();

    public PendingReenrichment(DataSource dataSource, PipelineCatalog pipelines, EnrichmentSpecs specs, RowsEnricher enricher,
                               CircuitBreakerRegistry breakers, AiSettings settings, ExecutorService executor) {
        this.dataSource = dataSource;
        this.pipelines = pipelines;
        this.specs = specs;
        this.enricher = enricher;
        this.breakers = breakers;
        this.settings = settings;
        this.executor = executor;
    }

    /** Why the import's pipeline cannot be re-enriched, or null. */
    public String refusal(String pipeline) {
        if (!settings.configured()) {
            return "no AI provider is configured (ai.base-url)";
        }
        if (pipelines.find(pipeline).isEmpty() || specs.all().stream().noneMatch(s -> pipeline.equals(s.getPipeline()))) {
            return "pipeline " + pipeline + " has no enrich stage";
        }
        return null;
    }

    /**
     * Starts a pass in the background; false when one already runs for that import. An operator asking for it means
     * "the provider is back": an open circuit lets a trial request through at once instead of waiting out its timer.
     */
    public boolean start(UUID importId, String pipeline, boolean operatorAsked) {
        if (!running.add(importId)) {
            return false;
        }
        Optional<CircuitBreaker> breaker = breaker(pipeline);
        if (operatorAsked && breaker.isPresent() && breaker.get().getState() == CircuitBreaker.State.OPEN) {
            breaker.get().transitionToHalfOpenState();
        }
        executor.execute(() -> {
            try {
                int done = run(importId, pipeline);
                LOG.info("{} import {}: {} pending rows enriched", pipeline, importId, done);
            } catch (Exception e) {
                LOG.warn("{} import {}: re-enrichment stopped: {}", pipeline, importId, e.getMessage());
            } finally {
                running.remove(importId);
            }
        });
        return true;
    }

    /** The number of rows that are no longer pending. */
    int run(UUID importId, String pipelineName) throws SQLException, InterruptedException {
        PipelineDefinition pipeline = pipelines.find(pipelineName).orElseThrow();
        EnrichmentSpec spec = specs.forPipeline(pipelineName);
        AiEnricher.Columns columns = AiEnricher.Columns.of(pipeline, spec);
        List<PendingRow> rows = pendingRows(importId, pipeline, spec);
        Optional<CircuitBreaker> breaker = breaker(pipelineName);
        int done = 0;
        for (int from = 0; from < rows.size(); from += PAGE) {
            if (breaker.isPresent() && !breaker.get().tryAcquirePermission()) {
                break;   // open (or its half-open trial is taken): the automatic pass comes back when it closes
            }
            List<PendingRow> page = rows.subList(from, Math.min(rows.size(), from + PAGE));
            List<EnrichmentItem> items = new ArrayList<>();
            for (int i = 0; i < page.size(); i++) {
                items.add(new EnrichmentItem(Integer.toString(i + 1), page.get(i).input()));
            }
            RowsEnricher.Answers answers;
            try {
                answers = enricher.enrich(spec, items, columns::acceptable);
            } catch (SQLException | InterruptedException | RuntimeException e) {
                breaker.ifPresent(CircuitBreaker::releasePermission);
                throw e;
            }
            done += update(importId, pipeline, spec, page, answers.byId());
            if (answers.unavailable() != null) {
                breaker.ifPresent(b -> b.onError(0, TimeUnit.NANOSECONDS, answers.unavailable()));
                break;
            }
            breaker.ifPresent(b -> b.onSuccess(0, TimeUnit.NANOSECONDS));
        }
        return done;
    }

    private Optional<CircuitBreaker> breaker(String pipeline) {
        return breakers.find(specs.forPipeline(pipeline).circuitBreakerId());
    }

    record PendingRow(List<Object> key, Map<String, String> input) {
    }

    private List<PendingRow> pendingRows(UUID importId, PipelineDefinition pipeline, EnrichmentSpec spec) throws SQLException {
        List<String> keys = pipeline.keyColumns().stream().map(ColumnDefinition::name).toList();
        String sql = "select " + String.join(", ", keys) + ", " + String.join(", ", spec.inputs()) + " from "
                + pipeline.getTable() + " where import_id = ? and " + spec.getStatusColumn() + " = 'pending' order by "
                + String.join(", ", keys);
        List<PendingRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, importId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        key.add(rs.getObject(i + 1));
                    }
                    Map<String, String> input = new LinkedHashMap<>();
                    for (int i = 0; i < spec.inputs().size(); i++) {
                        input.put(spec.inputs().get(i), rs.getString(keys.size() + i + 1));
                    }
                    rows.add(new PendingRow(key, input));
                }
            }
        }
        return rows;
    }

    private int update(UUID importId, PipelineDefinition pipeline, EnrichmentSpec spec, List<PendingRow> page,
                       Map<String, Map<String, String>> outputs) throws SQLException {
        if (outputs.isEmpty()) {
            return 0;
        }
        List<String> keys = pipeline.keyColumns().stream().map(ColumnDefinition::name).toList();
        String sql = "update " + pipeline.getTable() + " set "
                + spec.outputs().stream().map(o -> o + " = ?").collect(Collectors.joining(", ")) + ", "
                + spec.getStatusColumn() + " = 'done' where import_id = ? and " + spec.getStatusColumn() + " = 'pending' and "
                + keys.stream().map(k -> k + " = ?").collect(Collectors.joining(" and "));
        AiEnricher.Columns columns = AiEnricher.Columns.of(pipeline, spec);
        int updated = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = 0; i < page.size(); i++) {
                Map<String, String> answer = outputs.get(Integer.toString(i + 1));
                if (answer == null) {
                    continue;
                }
                int p = 1;
                for (String output : spec.outputs()) {
                    s.setString(p++, columns.canonical(output, answer.get(output)));
                }
                s.setObject(p++, importId);
                for (Object key : page.get(i).key()) {
                    s.setObject(p++, key);
                }
                s.addBatch();
            }
            for (int n : s.executeBatch()) {
                updated += Math.max(0, n);
            }
            c.commit();
        }
        return updated;
    }
}
