package io.bulkimport.hash;

import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.store.RecentImportRate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells, at the end of a dry run through the hash stage, how long the real import would take: the passwords to
 * hash at the rate measured at start-up, or the row rate of the pipeline's last real import if that is slower.
 * The hash stage counts per import; the count ends with the import's exchange (the batches' parent), whose
 * completion this notifier sees, so nothing is left behind when a dry run fails.
 */
public class DryRunEstimate extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunEstimate.class);

    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final HashRate rate;
    private final ImportJobRepository jobs;

    public DryRunEstimate(HashRate rate, ImportJobRepository jobs) {
        this.rate = rate;
        this.jobs = jobs;
    }

    /** Counts one dry-run batch; {@code batchExchange} is the split's exchange of that batch. */
    void count(Exchange batchExchange, ImportContext context, int rows, int toHash) {
        String importExchange = batchExchange.getProperty(ExchangePropertyKey.CORRELATION_ID, String.class);
        if (importExchange != null) {
            tallies.computeIfAbsent(importExchange, k -> new Tally(context)).add(rows, toHash);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Tally tally = tallies.remove(exchange.getExchangeId());
        if (tally != null && exchange.getException() == null && event instanceof CamelEvent.ExchangeCompletedEvent) {
            try {
                LOG.info(describe(tally));
                jobs.saveEstimate(tally.context.importId(), figures(tally));
            } catch (RuntimeException e) {
                // an estimate is a courtesy: a database hiccup reading recent imports must not touch the import
                LOG.warn("{} dry run {}: no estimate ({})", tally.context.pipeline().getName(), tally.context.importId(),
                        e.getMessage());
            }
        }
    }

    String describe(Tally tally) {
        ImportContext context = tally.context;
        String pipeline = context.pipeline().getName();
        long rows = tally.rows.get();
        long toHash = tally.toHash.get();
        double hashSeconds = toHash / rate.perSecond();
        StringBuilder why = new StringBuilder();
        double estimate = 0;
        if (!Double.isNaN(hashSeconds)) {
            estimate = hashSeconds;
            why.append(String.format("hashing at %.1f/s (cost %d, measured at start-up) takes %s", rate.perSecond(),
                    rate.cost(), duration(hashSeconds)));
        } else {
            why.append("the hash rate is not measured yet");
        }
        Optional<Double> recent = recentRowsPerSecond(pipeline);
        if (recent.isPresent()) {
            double rowSeconds = rows / recent.get();
            estimate = Math.max(estimate, rowSeconds);
            why.append(String.format("; the last %s import ran at %.1f rows/s: %s", pipeline, recent.get(), duration(rowSeconds)));
        }
        return String.format("%s dry run %s: %,d valid rows, %,d passwords to hash; estimated import time %s (%s)",
                pipeline, context.importId(), rows, toHash, duration(estimate), why);
    }

    /** The same estimate as {@link #describe}, as the figures {@code GET /api/imports/{id}/estimate} answers with. */
    Map<String, Object> figures(Tally tally) {
        long rows = tally.rows.get();
        long toHash = tally.toHash.get();
        double hashSeconds = toHash / rate.perSecond();
        Optional<Double> recent = recentRowsPerSecond(tally.context.pipeline().getName());
        double estimate = Double.isNaN(hashSeconds) ? 0 : hashSeconds;
        if (recent.isPresent()) {
            estimate = Math.max(estimate, rows / recent.get());
        }
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("validRows", rows);
        figures.put("passwordsToHash", toHash);
        figures.put("hashCost", rate.cost());
        figures.put("hashesPerSecond", Double.isNaN(rate.perSecond()) ? null : Math.round(rate.perSecond() * 10) / 10.0);
        figures.put("recentRowsPerSecond", recent.map(r -> Math.round(r * 10) / 10.0).orElse(null));
        figures.put("estimatedSeconds", Double.isNaN(hashSeconds) && recent.isEmpty() ? null : Math.round(estimate));
        figures.put("text", describe(tally));
        return figures;
    }

    private Optional<Double> recentRowsPerSecond(String pipeline) {
        return RecentImportRate.rowsPerSecond(jobs, pipeline);
    }

    /** {@code 45s}, {@code 3m 20s}, {@code 2h 05m}. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m " + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h " + String.format("%02d", (s % 3600) / 60) + "m";
    }

    static final class Tally {
        private final ImportContext context;
        private final AtomicLong rows = new AtomicLong();
        private final AtomicLong toHash = new AtomicLong();

        Tally(ImportContext context) {
            this.context = context;
        }

        void add(long rows, long toHash) {
            this.rows.addAndGet(rows);
            this.toHash.addAndGet(toHash);
        }
    }
}
