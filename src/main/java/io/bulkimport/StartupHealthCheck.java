package io.bulkimport;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness while the service starts: DOWN, saying what the start is doing (warming up the row path, opening the API,
 * resuming imports), until {@link #ready()}; UP from then on. The health endpoint answers as soon as Camel's HTTP
 * server listens, seconds before the API is mounted ({@code import.warm-up-rows} runs first): without this check
 * {@code GET /observe/health} read UP while {@code /api/...} answered 404, and a load balancer or compose's
 * {@code service_healthy} sent uploads to an instance not taking them. Not a liveness check: a starting service is
 * alive ({@code /observe/health/live} stays UP), so an orchestrator does not restart it for being slow to start.
 * The Kubernetes probe terms: "ready" means "send it traffic".
 */
public final class StartupHealthCheck extends AbstractHealthCheck {

    private volatile String doing = "starting the routes";
    private volatile boolean ready;

    public StartupHealthCheck() {
        super("bulk-import", "startup");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** What the start does now, shown while DOWN ({@code warming up the row path}). */
    public void doing(String what) {
        doing = what;
    }

    /** The start is done: the API takes requests. */
    public void ready() {
        ready = true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (ready) {
            builder.up();
        } else {
            builder.message("starting: " + doing).down();
        }
    }
}
