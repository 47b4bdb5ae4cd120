package io.bulkimport.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, on {@code DB_URL} when given, else on an embedded PostgreSQL whose data stays under
 * {@code data/} across restarts; the schema is brought up to date by Flyway before anything else runs. A Camel
 * {@link org.apache.camel.Service}: Camel's stop closes the pool and the embedded database.
 */
public final class DataSourceService implements org.apache.camel.Service {

    private static final Logger LOG = LoggerFactory.getLogger(DataSourceService.class);

    private final HikariDataSource dataSource;
    private final EmbeddedPostgres embedded;

    private DataSourceService(HikariDataSource dataSource, EmbeddedPostgres embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /**
     * @param synchronousCommit false lets batch commits return before their WAL is flushed. Safe for exactly-once:
     *                          rows, counters and checkpoint of a batch are one transaction, so a database crash can
     *                          only lose whole batches, which the resumed import writes again; job creation and the
     *                          final status are committed synchronously, which flushes everything before them.
     * @param lockTimeoutMs     how long a statement waits for a row another transaction holds. Batches of one
     *                          import never wait for each other inside the database, but two imports writing the
     *                          same keys at once can (each batch's transaction stays open until its turn to
     *                          commit); the timeout ends such a wait with 55P03, which is redelivered.
     * @param routesDir         the route folder: its {@code migrations/} are applied after the service's own
     *                          ({@link RouteTableMigrations})
     */
    public static DataSourceService start(String url, String user, String password, Path embeddedDir, int poolSize,
                                        boolean synchronousCommit, long lockTimeoutMs, Path routesDir) throws IOException {
        EmbeddedPostgres embedded = null;
        if (url == null || url.isBlank()) {
            Files.createDirectories(embeddedDir);
            embedded = EmbeddedPostgres.builder().setDataDirectory(embeddedDir).setCleanDataDirectory(false).start();
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
            LOG.info("DB_URL is not set: using the embedded PostgreSQL with its data in {}", embeddedDir.toAbsolutePath());
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("bulk-import");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(30_000);
        config.setConnectionInitSql("set lock_timeout = " + lockTimeoutMs
                + (synchronousCommit ? "" : "; set synchronous_commit = off"));
        HikariDataSource dataSource = new HikariDataSource(config);
        // a database that already holds other tables is fine: start the history below our first version
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        RouteTableMigrations.apply(dataSource, routesDir);
        return new DataSourceService(dataSource, embedded);
    }

    /** The pool, on a migrated schema; closed by {@link #stop()}. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void start() {
        // started in start(...): migrations must have run before the routes are built
    }

    @Override
    public void stop() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
    }
}
