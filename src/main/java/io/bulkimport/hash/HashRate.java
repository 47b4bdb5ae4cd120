package io.bulkimport.hash;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine's bcrypt rate at the configured cost, measured once after start-up on the hash pool itself (every
 * thread hashes for about {@code budget}, the first hash of each untimed because the JIT is still compiling).
 * Estimates use it, {@code /observe/metrics} shows it as {@code bulkimport_hash_rate}, and the log says it.
 */
public class HashRate {

    private static final Logger LOG = LoggerFactory.getLogger(HashRate.class);

    private final HashPool pool;
    private final Bcrypt bcrypt;
    private final Duration budget;
    private volatile double perSecond = Double.NaN;
    private volatile double perThread = Double.NaN;

    public HashRate(HashPool pool, Bcrypt bcrypt, Duration budget) {
        this.pool = pool;
        this.bcrypt = bcrypt;
        this.budget = budget;
    }

    /** Measures on a background thread, so the service is ready without waiting for it. */
    public void measureInBackground() {
        Thread thread = new Thread(this::measureAndLog, "hash-rate");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hashes per second of the whole pool; NaN until measured. */
    public double perSecond() {
        return perSecond;
    }

    /** Hashes per second of one pool thread while all of them hash; NaN until measured. */
    public double perThread() {
        return perThread;
    }

    public int cost() {
        return bcrypt.cost();
    }

    public void registerGauge(MeterRegistry registry) {
        Gauge.builder("bulkimport.hash.rate", this, HashRate::perSecond)
                .description("bcrypt hashes per second of the hash pool at the configured cost, measured at start-up")
                .tag("cost", String.valueOf(bcrypt.cost()))
                .register(registry);
    }

    void measure() throws InterruptedException {
        double[] rates = new double[pool.threads()];
        pool.spread(rates.length, i -> rates[i] = oneThread());
        double sum = 0;
        for (double rate : rates) {
            sum += rate;
        }
        perSecond = sum;
        perThread = sum / rates.length;
    }

    private double oneThread() {
        long end = System.nanoTime() + budget.toNanos();
        bcrypt.hash("warm-up-password");
        long start = System.nanoTime();
        int hashes = 0;
        do {
            bcrypt.hash("measure-password-" + hashes);
            hashes++;
        } while (System.nanoTime() < end);
        return hashes / ((System.nanoTime() - start) / 1e9);
    }

    private void measureAndLog() {
        try {
            measure();
            LOG.info("bcrypt cost {} on this machine: {} hashes/s on {} hash threads ({} per thread); 1,000 passwords take about {}",
                    bcrypt.cost(), String.format("%.1f", perSecond), pool.threads(), String.format("%.2f", perThread),
                    DryRunEstimate.duration(1000 / perSecond));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not measure the bcrypt rate: {}", e.getMessage());
        }
    }
}
