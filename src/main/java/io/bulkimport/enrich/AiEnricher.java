package io.bulkimport.enrich;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.validate.ValueRules;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code enrich}: fills each valid row's output columns from the AI provider (or the cache) and sets its
 * status column: {@code done}, {@code pending} (no answer yet; outputs empty; the row is stored all the same), or
 * the pipeline's skip status for rows that need no call. What to send and what comes back is the pipeline's
 * {@link EnrichmentSpec}, declared in its route file.
 *
 * <p>In the route it sits inside a {@code circuitBreaker}: {@link #process} throws
 * {@link ProviderUnavailableException} after filling the batch when the provider was unavailable for some of its
 * rows (the breaker counts a failure), and {@link #leavePending} is the breaker's {@code onFallback}: it gives every
 * row the status it gets without an answer, unless {@code process} already did. A batch never loses rows here.
 */
public class AiEnricher implements Processor {

    public static final String DONE = "done";
    public static final String PENDING = "pending";
    private static final Logger LOG = LoggerFactory.getLogger(AiEnricher.class);

    private final EnrichmentSpecs specs;
    private final RowsEnrichment enricher;
    private final AiSettings settings;
    private final AtomicBoolean saidNotConfigured = new AtomicBoolean();
    /** Batches filled by enrich that then threw: the fallback leaves them as they are (Batch has identity equality). */
    private final Map<Batch, Boolean> filled = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param enricher where the rows are enriched: here, or through the broker by every instance */
    public AiEnricher(EnrichmentSpecs specs, RowsEnrichment enricher, AiSettings settings) {
        this.specs = specs;
        this.enricher = enricher;
        this.settings = settings;
    }

    @Override
    public void process(Exchange exchange) throws SQLException, InterruptedException, ProviderUnavailableException {
        enrich(exchange.getIn().getBody(Batch.class));
    }

    /**
     * The fallback of the pipeline's circuit breaker (open circuit, or a failed {@link #process}): every valid row
     * that has no outcome yet is left {@code pending} (or skipped), to be re-enriched later; rows are never dropped.
     */
    public void leavePending(Exchange exchange) {
        Batch batch = exchange.getIn().getBody(Batch.class);
        if (filled.remove(batch) != null) {
            return;   // process filled the batch before it threw
        }
        PipelineDefinition pipeline = batch.context().pipeline();
        EnrichmentSpec spec = specs.forPipeline(pipeline.getName());
        Columns columns = Columns.of(pipeline, spec);
        for (PreparedRow row : batch.valid()) {
            if (columns.skip() >= 0 && spec.skips(row.values()[columns.skip()])) {
                row.values()[columns.status()] = spec.getSkipStatus();
            } else {
                columns.fill(row.values(), null);
            }
        }
    }

    /** Fills the batch; throws, once it is filled, when the provider was unavailable for some of its rows. */
    public void enrich(Batch batch) throws SQLException, InterruptedException, ProviderUnavailableException {
        PipelineDefinition pipeline = batch.context().pipeline();
        EnrichmentSpec spec = specs.forPipeline(pipeline.getName());
        Columns columns = Columns.of(pipeline, spec);
        List<EnrichmentItem> items = new ArrayList<>();
        List<PreparedRow> asked = new ArrayList<>();
        for (PreparedRow row : batch.valid()) {
            if (columns.skip() >= 0 && spec.skips(row.values()[columns.skip()])) {
                row.values()[columns.status()] = spec.getSkipStatus();
            } else {
                asked.add(row);
                items.add(new EnrichmentItem(Long.toString(row.rowNumber()), columns.inputs(row.values())));
            }
        }
        RowsEnricher.Answers answers = new RowsEnricher.Answers(Map.of(), null);
        if (!items.isEmpty() && callsAllowed(batch)) {
            // the provider's rate limit is what an items import waits for: each answered (or given up) row counts
            // for percent and ETA as it gets through, rows that need no call in proportion (issue #11)
            batch.workPlanned(items.size());
            answers = enricher.enrich(spec, items, columns::acceptable, batch::workFinished);
        }
        for (PreparedRow row : asked) {
            columns.fill(row.values(), answers.byId().get(Long.toString(row.rowNumber())));
        }
        if (answers.unavailable() != null) {
            filled.put(batch, Boolean.TRUE);
            throw new ProviderUnavailableException(pipeline.getName(), answers.unavailable());
        }
    }

    private boolean callsAllowed(Batch batch) {
        if (batch.context().options().dryRun()) {
            return false;
        }
        if (!settings.configured()) {
            if (saidNotConfigured.compareAndSet(false, true)) {
                LOG.warn("no AI provider configured (ai.base-url / AI_BASE_URL is empty): rows are stored with enrichment pending");
            }
            return false;
        }
        return true;
    }

    /** Where the spec's fields sit in a pipeline's row values. */
    public record Columns(int[] inputs, String[] inputNames, int[] outputs, String[] outputNames, int status, int skip,
                   Map<String, ColumnDefinition> rules) {

        /** Where {@code spec}'s fields sit in {@code pipeline}'s rows, and the rules its answers must pass. */
        public static Columns of(PipelineDefinition pipeline, EnrichmentSpec spec) {
            List<String> names = pipeline.columnDefinitions().stream().map(ColumnDefinition::name).toList();
            // an answer must pass its column's own rules (allowed values, format, length, pattern) to be used
            Map<String, ColumnDefinition> rules = new LinkedHashMap<>();
            pipeline.columnDefinitions().forEach(c -> rules.put(c.name(), c));
            String skipColumn = spec.skipColumn();
            return new Columns(indexes(names, spec.inputs(), pipeline), spec.inputs().toArray(String[]::new),
                    indexes(names, spec.outputs(), pipeline), spec.outputs().toArray(String[]::new),
                    indexes(names, List.of(spec.getStatusColumn()), pipeline)[0],
                    skipColumn == null ? -1 : indexes(names, List.of(skipColumn), pipeline)[0], rules);
        }

        Map<String, String> inputs(String[] values) {
            Map<String, String> input = new LinkedHashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                input.put(inputNames[i], values[inputs[i]]);
            }
            return input;
        }

        /** Writes the outputs and the status; null outputs = pending, with the outputs emptied. */
        void fill(String[] values, Map<String, String> answer) {
            for (int i = 0; i < outputs.length; i++) {
                if (answer != null) {
                    values[outputs[i]] = canonical(outputNames[i], answer.get(outputNames[i]));
                } else if (!List.of(inputNames).contains(outputNames[i])) {
                    // an output that is also an input (quality_tier) keeps the file's value until enriched
                    values[outputs[i]] = null;
                }
            }
            values[status] = answer == null ? PENDING : DONE;
        }

        /** Whether an answer's {@code value} for {@code field} passes that column's rules. */
        public boolean acceptable(String field, String value) {
            ColumnDefinition column = rules.get(field);
            return column == null || (value != null && ValueRules.apply(column, value) instanceof ValueRules.Valid valid
                    && valid.value() != null);
        }

        String canonical(String field, String value) {
            ColumnDefinition column = rules.get(field);
            return column != null && value != null && ValueRules.apply(column, value) instanceof ValueRules.Valid valid
                    ? valid.value() : value;
        }

        private static int[] indexes(List<String> names, List<String> wanted, PipelineDefinition pipeline) {
            int[] result = new int[wanted.size()];
            for (int i = 0; i < wanted.size(); i++) {
                result[i] = names.indexOf(wanted.get(i));
                if (result[i] < 0) {
                    throw new IllegalStateException("pipeline " + pipeline.getName() + " declares no column '" + wanted.get(i)
                            + "' that its enrichment names");
                }
            }
            return result;
        }
    }
}
