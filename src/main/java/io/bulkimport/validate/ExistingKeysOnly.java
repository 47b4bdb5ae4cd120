package io.bulkimport.validate;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage for the option {@code createNew=false} ("update existing rows only"): a row whose key is not in the
 * pipeline's table yet becomes an error ({@code unknown user: not created because createNew=false}) instead of a
 * new row. One query per batch, with the batch's keys as bound arrays. Does nothing when createNew is true.
 */
public class ExistingKeysOnly implements Processor {

    private final DataSource dataSource;
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    public ExistingKeysOnly(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        Batch batch = exchange.getIn().getBody(Batch.class);
        if (batch.context().options().createNew() || batch.valid().isEmpty()) {
            return;
        }
        PipelineDefinition pipeline = batch.context().pipeline();
        if (pipeline.schemaless()) {
            throw new IllegalStateException("createNew=false needs a pipeline with key columns; " + pipeline.getName() + " has none");
        }
        keepExisting(batch, existingKeys(pipeline, batch.valid()));
    }

    /** Moves every valid row whose key is not in {@code existing} to the batch's errors. */
    static void keepExisting(Batch batch, Set<List<String>> existing) {
        PipelineDefinition pipeline = batch.context().pipeline();
        int[] keys = keyIndexes(pipeline);
        ColumnDefinition first = pipeline.columnDefinitions().get(keys[0]);
        String reason = "unknown " + singular(pipeline.getName()) + ": not created because createNew=false";
        List<PreparedRow> unknown = new ArrayList<>();
        for (PreparedRow row : batch.valid()) {
            if (!existing.contains(key(row, keys))) {
                unknown.add(row);
                String value = row.values()[keys[0]];
                batch.reject(new RowError(row.rowNumber(), "validate", first.name(),
                        first.secret() ? SecretMask.value(value) : value, reason, row.rawRow()));
            }
        }
        Set<PreparedRow> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(unknown);
        batch.valid().removeIf(gone::contains);
    }

    /**
     * {@code select u.email from unnest(?::text[]) as u(email) where exists (select 1 from users t where
     * t.email = u.email)}: returns the given keys that exist, as given. Identifiers come from the pipeline declaration
     * only; the keys are bound.
     */
    static String sql(PipelineDefinition pipeline) {
        List<ColumnDefinition> keys = pipeline.keyColumns();
        String names = keys.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        return "select " + keys.stream().map(c -> "u." + c.name()).collect(Collectors.joining(", "))
                + " from unnest(" + keys.stream().map(c -> "?::text[]").collect(Collectors.joining(", ")) + ") as u(" + names
                + ") where exists (select 1 from " + pipeline.getTable() + " t where "
                + keys.stream().map(c -> "t." + c.name() + " = u." + c.name() + c.sqlCast()).collect(Collectors.joining(" and "))
                + ")";
    }

    private Set<List<String>> existingKeys(PipelineDefinition pipeline, List<PreparedRow> rows) throws SQLException {
        int[] keys = keyIndexes(pipeline);
        String sql = statements.computeIfAbsent(pipeline.getName(), k -> sql(pipeline));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int k = 0; k < keys.length; k++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = rows.get(r).values()[keys[k]];
                }
                s.setArray(k + 1, c.createArrayOf("text", column));
            }
            Set<List<String>> found = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    List<String> key = new ArrayList<>(keys.length);
                    for (int k = 1; k <= keys.length; k++) {
                        key.add(rs.getString(k));
                    }
                    found.add(key);
                }
            }
            return found;
        }
    }

    private static List<String> key(PreparedRow row, int[] keys) {
        List<String> key = new ArrayList<>(keys.length);
        for (int k : keys) {
            key.add(row.values()[k]);
        }
        return key;
    }

    private static int[] keyIndexes(PipelineDefinition pipeline) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        return IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }

    /** users → user: what one row of the pipeline is called in the reason. */
    private static String singular(String name) {
        return name.length() > 1 && name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }
}
