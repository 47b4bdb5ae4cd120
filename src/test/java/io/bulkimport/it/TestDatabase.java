package io.bulkimport.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The PostgreSQL the integration tests run against: {@code TEST_DB_URL} (with {@code TEST_DB_USER} and
 * {@code TEST_DB_PASSWORD}) when set, as CI does, else one embedded PostgreSQL for the whole test JVM.
 *
 * <p>A {@code TEST_DB_URL} database is the tests' own: its {@code public} schema is dropped and created again the
 * first time a test JVM asks for it, so a run never meets what an older build left there (tables of a route since
 * removed, or a migration history applied in another order, which Flyway rightly refuses).
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;
    private final HikariDataSource dataSource;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(3);
        // a test's statement that waits on a lock the service holds fails with PostgreSQL's reason instead of hanging
        config.addDataSourceProperty("options", "-c lock_timeout=120s -c statement_timeout=600s");
        this.dataSource = new HikariDataSource(config);
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            String url = System.getenv("TEST_DB_URL");
            if (url != null && !url.isBlank()) {
                instance = new TestDatabase(url, env("TEST_DB_USER", "postgres"), env("TEST_DB_PASSWORD", ""));
                instance.execute("drop schema if exists public cascade");
                instance.execute("create schema public");
            } else {
                instance = embedded();
            }
        }
        return instance;
    }

    private static TestDatabase embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Empties the business tables and the job tables, if the service has created them yet. */
    public void clean() {
        execute("do $$ begin if to_regclass('import_jobs') is not null then "
                + "truncate contacts, records, import_row_changes, import_errors, import_batches, import_jobs; end if; end $$");
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
