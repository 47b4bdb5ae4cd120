package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one SQL statement that writes a batch into a keyed table: every column travels as one bound text array,
 * unnested server-side, and the conflict clause carries the duplicate strategy. Identifiers come only from the
 * pipeline declaration, which admits plain lower-case names; row values are always bound parameters.
 */
final class UpsertStatement {

    private UpsertStatement() {
    }

    static String sql(PipelineDefinition pipeline, String strategy) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        String names = columns.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", "));
        String selected = columns.stream().map(c -> "u." + c.name() + c.sqlCast()).collect(Collectors.joining(", "));
        String keys = pipeline.keyColumns().stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        List<ColumnDefinition> others = columns.stream().filter(c -> !c.key()).toList();
        return "insert into " + pipeline.getTable() + " as t (" + names + ", import_id) select " + selected
                + ", ?::uuid from unnest(" + arrays + ") as u(" + names + ") on conflict (" + keys + ") "
                + conflictAction(strategy, others);
    }

    /**
     * {@link #sql} that first saves the before-image of every existing row it is about to change, in the same
     * statement and with the same parameters (the rows are unnested once), keeping the oldest image when an import
     * changes a row twice. Rows the upsert leaves alone are not saved.
     */
    static String sqlWithBeforeImages(PipelineDefinition pipeline, String strategy) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        List<ColumnDefinition> keys = pipeline.keyColumns();
        List<ColumnDefinition> others = columns.stream().filter(c -> !c.key()).toList();
        String table = pipeline.getTable();
        String names = columns.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        String arrays = columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", "));
        String selected = columns.stream().map(c -> "u." + c.name() + c.sqlCast()).collect(Collectors.joining(", "));
        String keyNames = keys.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        String keyJson = keys.stream().map(c -> "'" + c.name() + "', t." + c.name()).collect(Collectors.joining(", "));
        String join = keys.stream().map(c -> "t." + c.name() + " = u." + c.name() + c.sqlCast()).collect(Collectors.joining(" and "));
        String changed = "update".equals(strategy)
                ? "(" + others.stream().map(c -> "t." + c.name()).collect(Collectors.joining(", ")) + ") is distinct from ("
                        + others.stream().map(c -> "u." + c.name() + c.sqlCast()).collect(Collectors.joining(", ")) + ")"
                : others.stream().map(c -> "(" + emptyAsNull(c) + " is null and u." + c.name() + " is not null)")
                        .collect(Collectors.joining(" or "));
        return "with p as (select ?::uuid as import_id), u as (select * from unnest(" + arrays + ") as u(" + names + ")), "
                + "before as (insert into import_row_changes (import_id, table_name, row_key, before) "
                + "select p.import_id, '" + table + "', jsonb_build_object(" + keyJson + "), to_jsonb(t) from " + table
                + " t join u on " + join + " cross join p where " + changed + " on conflict do nothing) "
                + "insert into " + table + " as t (" + names + ", import_id) select " + selected + ", p.import_id "
                + "from u cross join p on conflict (" + keyNames + ") " + conflictAction(strategy, others);
    }

    private static String conflictAction(String strategy, List<ColumnDefinition> others) {
        if (others.isEmpty() || "skip".equals(strategy)) {
            return "do nothing";
        }
        if ("update".equals(strategy)) {
            return "do update set " + others.stream().map(c -> c.name() + " = excluded." + c.name())
                    .collect(Collectors.joining(", ")) + ", import_id = excluded.import_id where ("
                    + others.stream().map(c -> "t." + c.name()).collect(Collectors.joining(", ")) + ") is distinct from ("
                    + others.stream().map(c -> "excluded." + c.name()).collect(Collectors.joining(", ")) + ")";
        }
        return "do update set " + others.stream().map(c -> c.name() + " = coalesce(" + emptyAsNull(c) + ", excluded." + c.name() + ")")
                .collect(Collectors.joining(", ")) + ", import_id = excluded.import_id where "
                + others.stream().map(c -> "(" + emptyAsNull(c) + " is null and excluded." + c.name() + " is not null)")
                .collect(Collectors.joining(" or "));
    }

    private static String emptyAsNull(ColumnDefinition c) {
        return "text".equals(c.format()) || "email".equals(c.format()) ? "nullif(t." + c.name() + ", '')" : "t." + c.name();
    }
}
