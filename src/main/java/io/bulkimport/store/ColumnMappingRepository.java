package io.bulkimport.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Saved column mappings in {@code column_mappings} (migration V10): per pipeline, a name and a {column: header} map.
 * Failures of the database come out as {@link IllegalStateException} with the {@link SQLException} as cause.
 */
public class ColumnMappingRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "name, mapping::text, created_at, updated_at";

    private final DataSource dataSource;

    public ColumnMappingRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or replaces the mapping; true when it was created. */
    public boolean put(String pipeline, String name, Map<String, String> mapping) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into column_mappings (pipeline, name, mapping) values (?, ?, ?::jsonb) "
                     + "on conflict (pipeline, name) do update set mapping = excluded.mapping, updated_at = now() "
                     + "returning (xmax = 0) as created")) {
            s.setString(1, pipeline);
            s.setString(2, name);
            s.setString(3, JSON.writeValueAsString(new TreeMap<>(mapping)));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot save mapping " + name + " of " + pipeline + ": " + e.getMessage(), e);
        }
    }

    /** The pipeline's mappings, by name. */
    public List<SavedMapping> list(String pipeline) {
        return query("select " + COLUMNS + " from column_mappings where pipeline = ? order by name", pipeline, null);
    }

    public Optional<SavedMapping> find(String pipeline, String name) {
        return query("select " + COLUMNS + " from column_mappings where pipeline = ? and name = ?", pipeline, name)
                .stream().findFirst();
    }

    /** True when there was such a mapping. */
    public boolean delete(String pipeline, String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("delete from column_mappings where pipeline = ? and name = ?")) {
            s.setString(1, pipeline);
            s.setString(2, name);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete mapping " + name + " of " + pipeline + ": " + e.getMessage(), e);
        }
    }

    private List<SavedMapping> query(String sql, String pipeline, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, pipeline);
            if (name != null) {
                s.setString(2, name);
            }
            List<SavedMapping> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new SavedMapping(r.getString(1), JSON.readValue(r.getString(2), new TypeReference<LinkedHashMap<String, String>>() { }),
                            r.getTimestamp(3).toInstant(), r.getTimestamp(4).toInstant()));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read mappings of " + pipeline + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param mapping column → header as it appears in the file
     */
    public record SavedMapping(String name, Map<String, String> mapping, Instant createdAt, Instant updatedAt) {

        /** The JSON the API answers with. */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("mapping", mapping);
            m.put("createdAt", createdAt.toString());
            m.put("updatedAt", updatedAt.toString());
            return m;
        }
    }
}
