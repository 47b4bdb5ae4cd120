package io.bulkimport.store;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables the route files own: {@code <import.routes>/migrations/V<n>__<what>.sql}, applied by Flyway after the
 * service's own migrations, with their own version history table, so a route folder's {@code V1} never collides
 * with the service's {@code V1}. An integration team adds a pipeline's table here without rebuilding the service.
 */
public final class RouteTableMigrations {

    /** The history table of the route folder's migrations; the service's own stays {@code flyway_schema_history}. */
    public static final String HISTORY_TABLE = "routes_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(RouteTableMigrations.class);

    private RouteTableMigrations() {
    }

    /**
     * Applies the pending migrations of {@code <routesDir>/migrations}; does nothing when that folder does not exist.
     *
     * @param dataSource the service's database, already migrated to the service's own schema
     * @param routesDir  the route folder ({@code import.routes})
     * @return how many migrations were applied now (0 when none were pending or there is no folder)
     * @throws org.flywaydb.core.api.FlywayException when a migration fails, is misnamed, or an applied one was edited
     */
    public static int apply(DataSource dataSource, Path routesDir) {
        Path folder = routesDir.resolve("migrations").toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        MigrateResult result = Flyway.configure().dataSource(dataSource)
                .locations("filesystem:" + folder)
                .table(HISTORY_TABLE)
                // the service's tables are already there: start this history below the folder's first version
                .baselineOnMigrate(true).baselineVersion("0")
                // a file named V1_x.sql (one underscore) fails the start instead of being skipped without a word
                .validateMigrationNaming(true)
                // hand-written SQL: ${...} in a function body is text, not a Flyway placeholder
                .placeholderReplacement(false)
                .load().migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("applied {} route table migration(s) from {}, now at version {}", result.migrationsExecuted, folder,
                    result.targetSchemaVersion);
        }
        return result.migrationsExecuted;
    }
}
