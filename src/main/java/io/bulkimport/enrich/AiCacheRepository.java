package io.bulkimport.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Table {@code ai_cache}: what the provider answered for (model, prompt hash, input hash). Read for a whole batch in
 * one query before any call; written right after each reply in its own transaction, so a crash never pays twice.
 */
public class AiCacheRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> OUTPUTS = new TypeReference<>() { };

    private final DataSource dataSource;

    public AiCacheRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** input hash → outputs, for the hashes that are cached. */
    public Map<String, Map<String, String>> find(String model, String promptHash, Collection<String> inputHashes)
            throws SQLException {
        Map<String, Map<String, String>> found = new HashMap<>();
        if (inputHashes.isEmpty()) {
            return found;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select input_hash, output::text from ai_cache "
                     + "where model = ? and prompt_hash = ? and input_hash = any(?)")) {
            s.setString(1, model);
            s.setString(2, promptHash);
            s.setArray(3, c.createArrayOf("text", inputHashes.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), JSON.readValue(rs.getString(2), OUTPUTS));
                }
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** input hash → outputs; an entry that is already there stays as it was. */
    public void store(String model, String promptHash, Map<String, Map<String, String>> outputs) throws SQLException {
        if (outputs.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into ai_cache (model, prompt_hash, input_hash, output) "
                     + "values (?, ?, ?, ?::jsonb) on conflict do nothing")) {
            c.setAutoCommit(true);
            for (Map.Entry<String, Map<String, String>> e : outputs.entrySet()) {
                s.setString(1, model);
                s.setString(2, promptHash);
                s.setString(3, e.getKey());
                s.setString(4, JSON.writeValueAsString(e.getValue()));
                s.addBatch();
            }
            s.executeBatch();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
