package io.bulkimport.lookup;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code lookup}: fetches each row's reference record by its key, in groups of {@code lookup.batch-size} ids
 * per query (bound as one array), fills the pipeline columns the route's {@link LookupSpec} names, and reports rows
 * whose id the reference table does not have. Runs between {@code rowValidator} and the next stage.
 */
public class ReferenceLookup implements Processor {

    private final DataSource dataSource;
    private final CamelContext camelContext;
    private final int groupSize;
    /** Route files are read at start-up: each pipeline's spec is looked up once, not per batch. */
    private final Map<String, LookupSpec> specs = new java.util.concurrent.ConcurrentHashMap<>();

    public ReferenceLookup(DataSource dataSource, CamelContext camelContext, int groupSize) {
        this.dataSource = dataSource;
        this.camelContext = camelContext;
        this.groupSize = groupSize;
    }

    @Override
    public void process(Exchange exchange) throws SQLException {
        Batch batch = exchange.getIn().getBody(Batch.class);
        String pipeline = batch.context().pipeline().getName();
        LookupSpec spec = specs.computeIfAbsent(pipeline, p -> camelContext.getRegistry().findByType(LookupSpec.class)
                .stream().filter(s -> p.equals(s.getPipeline())).findFirst()
                .orElseThrow(() -> new IllegalStateException("stage lookup: no LookupSpec for pipeline " + p)));
        List<String> names = batch.context().pipeline().columnDefinitions().stream().map(ColumnDefinition::name).toList();
        int keyIndex = names.indexOf(batch.context().pipeline().keyColumns().get(0).name());
        Map<String, Map<String, String>> found = fetch(spec, batch.valid().stream().map(r -> r.values()[keyIndex]).toList());
        for (Iterator<PreparedRow> it = batch.valid().iterator(); it.hasNext(); ) {
            PreparedRow row = it.next();
            Map<String, String> record = found.get(row.values()[keyIndex]);
            if (record == null) {
                it.remove();
                batch.reject(new RowError(row.rowNumber(), "lookup", names.get(keyIndex), row.values()[keyIndex],
                        spec.getNotFound(), row.rawRow()));
                continue;
            }
            spec.fields().forEach((source, target) -> row.values()[names.indexOf(target)] = record.get(source));
        }
    }

    private Map<String, Map<String, String>> fetch(LookupSpec spec, List<String> ids) throws SQLException {
        Map<String, Map<String, String>> found = new HashMap<>();
        String columns = String.join(", ", spec.fields().keySet());
        String sql = "select " + spec.getKey() + ", " + columns + " from " + spec.getTable() + " where " + spec.getKey()
                + " = any(?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int from = 0; from < ids.size(); from += groupSize) {
                List<String> group = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + groupSize)));
                s.setArray(1, c.createArrayOf("text", group.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> record = new HashMap<>();
                        int i = 2;
                        for (String source : spec.fields().keySet()) {
                            record.put(source, rs.getString(i++));
                        }
                        found.put(rs.getString(1), record);
                    }
                }
            }
        }
        return found;
    }
}
