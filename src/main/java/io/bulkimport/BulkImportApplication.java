package io.bulkimport;

import io.bulkimport.api.ApiHandlers;
import io.bulkimport.intake.ImportIntake;
import io.bulkimport.intake.ImportRetry;
import io.bulkimport.intake.ImportRunner;
import io.bulkimport.intake.RowPathWarmUp;
import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.notify.NotificationAddresses;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.progress.ActiveImports;
import io.bulkimport.store.ImportErrorRepository;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.store.ImportRollback;
import io.bulkimport.store.PipelineTablesHealthCheck;
import io.bulkimport.store.QueuedJobRepository;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Camel Main with the pipeline routes from {@code routes/}, then opens the API and resumes queued uploads. */
public final class BulkImportApplication {

    private static final Logger LOG = LoggerFactory.getLogger(BulkImportApplication.class);

    private BulkImportApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(BulkImportApplication.class);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport support) {
                started(support.getCamelContext());
            }

            @Override
            public void beforeStop(BaseMainSupport support) {
                ImportRunner runner = support.getCamelContext().getRegistry().findSingleByType(ImportRunner.class);
                if (runner != null) {
                    runner.suspendAll();
                }
            }
        });
        System.exit(main.run(args));
    }

    static void started(CamelContext camelContext) {
        Registry registry = camelContext.getRegistry();
        StartupHealthCheck startup = registry.findSingleByType(StartupHealthCheck.class);
        startup.doing("warming up the row path");
        warmUp(camelContext);
        startup.doing("opening the API");
        try {
            Path spoolDir = Path.of(property(camelContext, "import.work-dir"), "uploads");
            Files.createDirectories(spoolDir);
            ApiHandlers.Settings settings = new ApiHandlers.Settings(spoolDir,
                    Long.parseLong(property(camelContext, "import.max-upload-bytes")), property(camelContext, "api.token"),
                    Integer.parseInt(property(camelContext, "import.max-files-per-upload")),
                    registry.findSingleByType(io.bulkimport.intake.ZipLimits.class));
            ApiHandlers.mount(registry.findSingleByType(VertxPlatformHttpRouter.class), settings,
                    registry.findSingleByType(PipelineCatalog.class), registry.findSingleByType(ImportIntake.class),
                    registry.findSingleByType(ImportJobRepository.class), registry.findSingleByType(ImportErrorRepository.class),
                    registry.findSingleByType(ActiveImports.class), registry.findSingleByType(ImportRollback.class),
                    registry.findSingleByType(ImportRetry.class), registry.findSingleByType(ImportNotifier.class),
                    registry.findSingleByType(NotificationAddresses.class),
                    registry.findSingleByType(io.bulkimport.store.DryRunRepository.class),
                    registry.findSingleByType(io.bulkimport.intake.DryRunExecution.class),
                    registry.findSingleByType(io.bulkimport.intake.GroupIntake.class),
                    registry.findSingleByType(io.bulkimport.store.ImportGroupRepository.class));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the API: " + e.getMessage(), e);
        }
        PipelineTablesHealthCheck tables = new PipelineTablesHealthCheck(registry.findSingleByType(javax.sql.DataSource.class),
                registry.findSingleByType(PipelineCatalog.class));
        tables.setCamelContext(camelContext);
        HealthCheckRegistry.get(camelContext).register(tables);
        HealthCheck.Result result = tables.call();
        if (result.getState() != HealthCheck.State.UP) {
            LOG.error("not ready: {}", result.getMessage().orElse("pipeline tables do not match the route files"));
        }
        startup.doing("resuming the imports a stop cut off");
        ImportRunner runner = registry.findSingleByType(ImportRunner.class);
        // through the fair queue, in their order: those that were running first, then the queued ones as registered
        for (QueuedJobRepository.Waiting job : registry.findSingleByType(QueuedJobRepository.class).toResume()) {
            LOG.info("resuming import {}{}", job.id(), job.groupId() == null ? "" : " of group " + job.groupId());
            runner.submit(job.id(), job.groupId());
        }
        // groups whose end or one notification a crash cut off (their files resumed above end them as they finish)
        ImportNotifier notifier = registry.findSingleByType(ImportNotifier.class);
        registry.findSingleByType(io.bulkimport.notify.GroupCompletion.class).pending().forEach(notifier::groupMayHaveEnded);
        startup.ready();
    }

    /**
     * Runs the row path once on synthetic rows before the API opens ({@link RowPathWarmUp}), so the first import is
     * neither slow nor misjudged by its ETA while the JIT compiles. A failure only costs that speed: it is logged.
     */
    private static void warmUp(CamelContext camelContext) {
        long rows = Long.parseLong(property(camelContext, "import.warm-up-rows"));
        if (rows <= 0) {
            return;
        }
        RowPathWarmUp warmUp = new RowPathWarmUp(camelContext.getRegistry().findSingleByType(javax.sql.DataSource.class),
                Path.of(property(camelContext, "import.work-dir")));
        RowPathWarmUp.Result result = warmUp.run(rows, Integer.parseInt(property(camelContext, "import.batch-size")));
        if (result.failure() == null) {
            LOG.info("row path warmed up: {} synthetic rows in {} rounds and {} short files read, validated and copied"
                    + " (rolled back) in {} ms; last round {} rows per CPU-second", result.rows(), result.rounds(),
                    result.shortFiles(), result.millis(),
                    Math.round(result.lastRoundRowsPerCpuSecond()));
        } else {
            LOG.warn("row path not warmed up ({} ms): {}; the first import may start slower", result.millis(), result.failure());
        }
    }

    private static String property(CamelContext camelContext, String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key).orElse("");
    }
}
