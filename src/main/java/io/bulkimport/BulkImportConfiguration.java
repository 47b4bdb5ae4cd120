package io.bulkimport;

import static io.bulkimport.pipeline.DaemonThreadFactory.daemon;

import io.bulkimport.enrich.EnrichmentConfiguration;
import io.bulkimport.enrich.EnrichmentSpec;
import io.bulkimport.hash.Bcrypt;
import io.bulkimport.hash.DryRunEstimate;
import io.bulkimport.hash.HashPool;
import io.bulkimport.hash.HashRate;
import io.bulkimport.hash.PasswordHasher;
import io.bulkimport.intake.DryRunExecution;
import io.bulkimport.intake.DryRunFiles;
import io.bulkimport.intake.GroupIntake;
import io.bulkimport.intake.ImportIntake;
import io.bulkimport.notify.GroupCompletion;
import io.bulkimport.store.ImportGroupRepository;
import io.bulkimport.intake.ImportRetry;
import io.bulkimport.intake.ImportRunner;
import io.bulkimport.intake.InboxImportProcessor;
import io.bulkimport.intake.ImportQueue;
import io.bulkimport.intake.InboxRouteTemplate;
import io.bulkimport.notify.ImportNotifier;
import io.bulkimport.notify.NotificationConfiguration;
import io.bulkimport.pipeline.BatchesRouteTemplate;
import io.bulkimport.pipeline.KameletCatalog;
import io.bulkimport.intake.InboxFolders;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.RouteFileIndex;
import io.bulkimport.pipeline.RouteFileValidator;
import io.bulkimport.progress.ActiveImports;
import io.bulkimport.progress.ImportMetrics;
import io.bulkimport.progress.MeterRegistryLookup;
import io.bulkimport.progress.ProgressReporter;
import io.bulkimport.step.BatchTypeConverters;
import io.bulkimport.step.RejectedRowsAggregationStrategy;
import io.bulkimport.store.BatchDeadLetter;
import io.bulkimport.store.BatchFailure;
import io.bulkimport.store.DatabaseFailure;
import io.bulkimport.store.DeadLetterCause;
import io.bulkimport.store.DryRunClassifier;
import io.bulkimport.store.DryRunRepository;
import io.bulkimport.store.BatchStore;
import io.bulkimport.store.TransientFailure;
import io.bulkimport.store.ColumnMappingRepository;
import io.bulkimport.store.DataSourceService;
import io.bulkimport.store.ImportErrorRepository;
import io.bulkimport.store.ImportJobRepository;
import io.bulkimport.store.ImportLocks;
import io.bulkimport.store.ImportRollback;
import io.bulkimport.store.PipelineTableCheck;
import io.bulkimport.store.QueuedJobRepository;
import io.bulkimport.validate.ExistingKeysOnly;
import io.bulkimport.validate.RowValidator;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.bulkimport.intake.ZipInbox;
import io.bulkimport.intake.ZipLimits;
import io.bulkimport.store.InboxGroupRepository;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.spi.Registry;

/** Wires the building blocks the pipeline routes use and binds them under their registry names. */
@Configuration
public class BulkImportConfiguration implements CamelConfiguration {

    @PropertyInject("db.url")
    private String dbUrl;
    @PropertyInject("db.user")
    private String dbUser;
    @PropertyInject("db.password")
    private String dbPassword;
    @PropertyInject("db.embedded-dir")
    private String embeddedDir;
    @PropertyInject("db.pool-size")
    private int poolSize;
    @PropertyInject("db.synchronous-commit")
    private boolean synchronousCommit;
    @PropertyInject("db.lock-timeout-ms")
    private long lockTimeoutMs;
    @PropertyInject("import.routes")
    private String routesDir;
    @PropertyInject("import.workers")
    private int workers;
    @PropertyInject("import.max-concurrent-files")
    private int maxConcurrentFiles;
    @PropertyInject("import.progress-log-seconds")
    private int progressLogSeconds;
    @PropertyInject("import.eta-window-seconds")
    private int etaWindowSeconds;
    @PropertyInject("import.dry-run-keep-hours")
    private double dryRunKeepHours;
    @PropertyInject("import.work-dir")
    private String workDir;
    @PropertyInject("import.inbox-poll-ms")
    private long inboxPollMillis;
    @PropertyInject("import.inbox")
    private String inboxDir;
    @PropertyInject("import.zip-max-files")
    private int zipMaxFiles;
    @PropertyInject("import.zip-max-expanded-bytes")
    private long zipMaxExpandedBytes;
    @PropertyInject("import.zip-max-ratio")
    private long zipMaxRatio;
    @PropertyInject("import.zip-ratio-from-bytes")
    private long zipRatioFromBytes;
    @PropertyInject("hash.bcrypt-cost")
    private int bcryptCost;
    @PropertyInject("hash.threads")
    private int hashThreads;

    @BindToRegistry
    public InboxRouteTemplate inboxRouteTemplate() {
        return new InboxRouteTemplate();
    }

    @BindToRegistry
    public BatchesRouteTemplate batchesRouteTemplate() {
        return new BatchesRouteTemplate();
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Registry registry = camelContext.getRegistry();
        DataSourceService database = DataSourceService.start(dbUrl, dbUser, dbPassword, Path.of(embeddedDir), poolSize,
                synchronousCommit, lockTimeoutMs, Path.of(routesDir));
        camelContext.addService(database, true, true);
        ImportJobRepository jobs = new ImportJobRepository(database.dataSource());
        ImportErrorRepository errors = new ImportErrorRepository(database.dataSource());
        ActiveImports active = new ActiveImports(Duration.ofSeconds(etaWindowSeconds));
        MeterRegistryLookup meters = new MeterRegistryLookup(() -> registry.findSingleByType(MeterRegistry.class));
        registry.bind("meters", meters);
        ImportMetrics metrics = new ImportMetrics(meters, active);
        ProgressReporter reporter = new ProgressReporter(active);
        PipelineCatalog pipelines = new PipelineCatalog(camelContext);
        // the import slots of both doors, taken in turns by groups and single files (issue #14)
        ImportQueue importQueue = new ImportQueue(ImportQueue.limitFor(maxConcurrentFiles, workers,
                Runtime.getRuntime().availableProcessors()));
        ImportNotifier notifier = NotificationConfiguration.bind(camelContext, database.dataSource(), jobs);
        // a failure's message on its way to a job's reason, the dead letters or the log, with its secrets masked
        DeadLetterCause causes = new DeadLetterCause(secretSettings(camelContext));
        // preview, then execute: a dry run's counts against the live table, its sample and its kept file
        DryRunRepository dryRuns = new DryRunRepository(database.dataSource());
        DryRunFiles dryRunFiles = new DryRunFiles(dryRuns, dryRunKeepHours);
        ImportRunner runner = new ImportRunner(jobs, pipelines, camelContext.createProducerTemplate(), active, metrics,
                reporter, importQueue, new ImportLocks(database.dataSource()), notifier, causes,
                new ImportRollback(database.dataSource(), jobs), dryRunFiles);
        ColumnMappingRepository columnMappings = new ColumnMappingRepository(database.dataSource());
        ImportIntake intake = new ImportIntake(jobs, pipelines, runner, columnMappings);
        // groups of files (issue #14): one view, cancel, rollback and notification over their files' jobs
        ImportGroupRepository groups = new ImportGroupRepository(database.dataSource());
        GroupCompletion groupCompletion = new GroupCompletion(groups, jobs);
        notifier.setGroupCompletion(groupCompletion);
        registry.bind("importGroupRepository", groups);
        registry.bind("groupCompletion", groupCompletion);
        registry.bind("groupIntake", new GroupIntake(jobs, groups, intake, runner, notifier));

        registry.bind("dataSource", database.dataSource());
        registry.bind("importJobRepository", jobs);
        registry.bind("importErrorRepository", errors);
        registry.bind("activeImports", active);
        registry.bind("pipelineCatalog", pipelines);
        registry.bind("importRunner", runner);
        registry.bind("columnMappingRepository", columnMappings);
        registry.bind("importIntake", intake);
        registry.bind("inboxImportProcessor", new InboxImportProcessor(intake));
        QueuedJobRepository queuedJobs = new QueuedJobRepository(database.dataSource());
        registry.bind("queuedJobRepository", queuedJobs);
        io.bulkimport.api.QueueHandler.mountWhenStarted(camelContext, importQueue, queuedJobs);   // GET /api/queue
        // zip archives: the limits for both doors, and the inbox door of a .zip (its files form a group)
        ZipLimits zipLimits = new ZipLimits(zipMaxFiles, zipMaxExpandedBytes, zipMaxRatio, zipRatioFromBytes);
        registry.bind("zipLimits", zipLimits);
        registry.bind("zipInbox", new ZipInbox(new InboxGroupRepository(database.dataSource()),
                new ImportLocks(database.dataSource()), pipelines, runner, ZipInbox.lookup(registry),
                Path.of(workDir, "inbox-zips"), zipLimits, Duration.ofMillis(inboxPollMillis)));
        // PUT|GET|DELETE /api/pipelines/{p}/mappings/{name}, POST /api/pipelines/{p}/mapping-suggestion
        io.bulkimport.api.ColumnMappingsHandler.mountWhenStarted(camelContext, columnMappings, pipelines);
        registry.bind("dryRunRepository", dryRuns);
        registry.bind("dryRunExecution", new DryRunExecution(intake, dryRuns, dryRunFiles, pipelines));
        registry.bind("importRetry", new ImportRetry(jobs, errors, pipelines, runner, importQueue));
        registry.bind("rowValidator", new RowValidator());
        registry.bind("batchStore", new BatchStore(database.dataSource(), jobs, errors, metrics, active.progress(), lockTimeoutMs / 2,
                new DryRunClassifier(), dryRuns));
        registry.bind("batchFailure", new BatchFailure(causes));
        registry.bind("lookupIds", new io.bulkimport.lookup.LookupIdSplitter());   // stage "lookup": ids per query
        // the dead-letter channel of error-handling.camel.yaml: a batch that failed for good is recorded, the import goes on
        registry.bind("batchDeadLetter", new BatchDeadLetter(database.dataSource(), jobs, errors, metrics, active.progress(),
                causes));
        registry.bind("databaseFailure", new DatabaseFailure());
        registry.bind("importRollback", new ImportRollback(database.dataSource(), jobs));
        registry.bind("transientFailure", new TransientFailure());
        registry.bind("batchExecutor", batchExecutor(workers));
        registry.bind("existingKeysOnly", new ExistingKeysOnly(database.dataSource()));
        bindHashStage(camelContext, jobs, database.dataSource());
        EnrichmentConfiguration.bind(camelContext, database.dataSource(), pipelines);  // stage "enrich": aiEnricher
        io.bulkimport.scale.BrokerConfiguration.bindEnrich(camelContext, pipelines);   // with a broker: by every instance
        io.bulkimport.api.EnrichPendingHandler.mountWhenStarted(camelContext, jobs);     // POST /api/imports/{id}/enrich-pending
        registry.bind("importQueue", importQueue);
        // readiness DOWN from the first moment the health endpoint answers until BulkImportApplication.started is done
        StartupHealthCheck startup = new StartupHealthCheck();
        startup.setCamelContext(camelContext);
        registry.bind("startupHealthCheck", startup);
        org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(camelContext);
        if (health != null) {
            health.register(startup);
        }
        FullyStarted.then(camelContext, context -> {
            MeterRegistry registered = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (registered != null) {
                importQueue.registerGauges(registered);
            }
        });
        // custom steps in route files: a batch to JSON and back, and the answer of a service that rejects rows
        camelContext.getTypeConverterRegistry().addTypeConverters(new BatchTypeConverters());
        registry.bind("rejectedRows", new RejectedRowsAggregationStrategy());
        checkRouteFilesAtStart(camelContext, new PipelineTableCheck(database.dataSource()));

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("progress"));
        ticker.scheduleAtFixedRate(reporter::report, progressLogSeconds, progressLogSeconds, TimeUnit.SECONDS);
        registry.bind("progressTicker", ticker);
        dryRunFiles.scheduleOn(ticker);   // expired kept files go at start and hourly
        // a folder of the inbox no pipeline reads is named in the log, at start and when it appears
        InboxFolders inboxFolders = new InboxFolders(Path.of(inboxDir),
                () -> pipelines.all().stream().map(PipelineDefinition::getName).toList());
        ticker.scheduleWithFixedDelay(inboxFolders::check, 5, 30, TimeUnit.SECONDS);
    }

    /**
     * Route files that break a rule of routes/README.md stop the start before any route runs, with one line per
     * broken rule naming the file, line, key and rule. Runs once Camel has loaded the files' beans, while the context
     * initialises: before the kamelet component creates the routes of the building blocks the files call, so that a
     * misspelt block or parameter is reported by file, line and key rather than by Camel's template error.
     */
    private void checkRouteFilesAtStart(CamelContext camelContext, PipelineTableCheck tables) {
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextInitializing(CamelContext context) throws VetoCamelContextStartException {
                List<String> violations;
                try {
                    Map<String, String> enrichments = new HashMap<>();
                    context.getRegistry().findByTypeWithName(EnrichmentSpec.class)
                            .forEach((bean, spec) -> enrichments.put(bean, spec.getPipeline()));
                    violations = new RouteFileValidator(RouteFileIndex.read(Path.of(routesDir)),
                            context.getRegistry().findByTypeWithName(PipelineDefinition.class), tables::problems,
                            new KameletCatalog(Path.of(routesDir)), enrichments).violations();
                } catch (java.io.IOException e) {
                    throw new VetoCamelContextStartException("cannot read the route files: " + e.getMessage(), e, context);
                }
                if (!violations.isEmpty()) {
                    throw new VetoCamelContextStartException("route files break the rules of routes/README.md:\n  "
                            + String.join("\n  ", violations), context, true);
                }
            }
        });
    }

    /**
     * The values of the settings that hold secrets (passwords, keys, tokens), as the environment overrides them, so the
     * dead letters can mask them wherever a failure repeats one.
     */
    private static List<String> secretSettings(CamelContext camelContext) {
        org.apache.camel.spi.PropertiesComponent properties = camelContext.getPropertiesComponent();
        return properties.loadProperties().stringPropertyNames().stream().filter(DeadLetterCause::secretSetting)
                .map(key -> properties.resolveProperty(key).orElse("")).filter(v -> !v.isBlank()).toList();
    }

    /** Stage {@code hash}: its own pool, the bcrypt rate measured once the service is up, the dry-run estimate. */
    private void bindHashStage(CamelContext camelContext, ImportJobRepository jobs, javax.sql.DataSource dataSource)
            throws Exception {
        Bcrypt bcrypt = new Bcrypt(bcryptCost);
        HashPool pool = new HashPool(HashPool.threadsFor(hashThreads));
        HashRate rate = new HashRate(pool, bcrypt, Duration.ofMillis(1500));
        DryRunEstimate estimate = new DryRunEstimate(rate, jobs);
        camelContext.getManagementStrategy().addEventNotifier(estimate);
        camelContext.getRegistry().bind("hashPool", pool);
        // with a broker (issue #16), every instance's workers hash the passwords of every instance's batches
        io.bulkimport.hash.PasswordHashing throughBroker = io.bulkimport.scale.BrokerConfiguration.bind(camelContext,
                dataSource, hashThreads, io.bulkimport.hash.PasswordHashing.local(pool));
        camelContext.getRegistry().bind("passwordHasher", throughBroker == null ? new PasswordHasher(pool, bcrypt, estimate)
                : new PasswordHasher(throughBroker, bcrypt, estimate));
        // measured only once everything else has started, so start-up does not wait for it
        FullyStarted.then(camelContext, context -> {
            MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (meters != null) {
                rate.registerGauge(meters);
            }
            rate.measureInBackground();
        });
    }

    /**
     * The pool batches fan out to. Its queue is as short as the pool, and when both are full the splitting thread
     * waits for a free slot: the reader stops reading, which is the back-pressure that keeps the heap flat. (Running
     * the batch in the reader's own thread instead, the usual caller-runs policy, would make the reader wait for that
     * batch's turn to commit and stall the whole pipeline.)
     */
    static ExecutorService batchExecutor(int workers) {
        return new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(workers),
                daemon("batch"), (task, pool) -> {
                    try {
                        if (!pool.isShutdown()) {
                            pool.getQueue().put(task);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.RejectedExecutionException("interrupted while waiting for a batch slot", e);
                    }
                });
    }
}
