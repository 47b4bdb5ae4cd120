package io.bulkimport.store;

import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.PipelineDefinition;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one SQL statement that writes a batch into a keyed table: every column travels as one bound text array,
 * unnested server-side, and the conflict clause carries the duplicate strategy. Identifiers come only from the
 * pipeline declaration, which admits plain lower-case names; row values are always bound parameters.
 */
final class UpsertStatement {

    private UpsertStatement() {
    }

    /**
     * @param brought by column position: whether the file brings the column (a header cell or a {@code set.}
     *                constant); {@code update} and {@code merge} leave a column the file does not bring as it is in
     *                an existing row (its {@code default}, if any, is for new rows). Null: every column.
     */
    static String sql(PipelineDefinition pipeline, String strategy, boolean[] brought) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        return upsert(pipeline, strategy, "?::uuid", "unnest(" + arrays(columns) + ") as u(" + names(columns) + ")", brought);
    }

    /** The statement's cache key part for {@code brought}: one character per column. */
    static String broughtKey(boolean[] brought) {
        StringBuilder key = new StringBuilder(brought == null ? 0 : brought.length);
        if (brought != null) {
            for (boolean b : brought) {
                key.append(b ? '1' : '0');
            }
        }
        return key.toString();
    }

    /**
     * {@link #sql} that first saves the before-image of every existing row it is about to change, in the same
     * statement and with the same parameters (the rows are unnested once), keeping the oldest image when an import
     * changes a row twice. Rows the upsert leaves alone are not saved.
     */
    static String sqlWithBeforeImages(PipelineDefinition pipeline, String strategy, boolean[] brought) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        List<ColumnDefinition> keys = pipeline.keyColumns();
        String table = pipeline.getTable();
        String keyJson = keys.stream().map(c -> "'" + c.name() + "', t." + c.name()).collect(Collectors.joining(", "));
        String join = keys.stream().map(c -> "t." + c.name() + " = u." + c.name() + c.sqlCast()).collect(Collectors.joining(" and "));
        // update compares typed values; merge only asks whether a value is there
        Function<ColumnDefinition, String> incoming = "update".equals(strategy) ? c -> "u." + c.name() + c.sqlCast() : c -> "u." + c.name();
        String changed = changed(strategy, others(columns, brought), incoming);
        return "with p as (select ?::uuid as import_id), u as (select * from unnest(" + arrays(columns) + ") as u("
                + names(columns) + ")), before as (insert into import_row_changes (import_id, table_name, row_key, before) "
                + "select p.import_id, '" + table + "', jsonb_build_object(" + keyJson + "), to_jsonb(t) from " + table
                + " t join u on " + join + " cross join p where " + changed + " on conflict do nothing) "
                + upsert(pipeline, strategy, "p.import_id", "u cross join p", brought);
    }

    /** The insert of the rows {@code u} of {@code source}, stamped with {@code importId}, and its conflict clause. */
    private static String upsert(PipelineDefinition pipeline, String strategy, String importId, String source,
                                 boolean[] brought) {
        List<ColumnDefinition> columns = pipeline.columnDefinitions();
        String selected = columns.stream().map(c -> "u." + c.name() + c.sqlCast()).collect(Collectors.joining(", "));
        String keys = pipeline.keyColumns().stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
        return "insert into " + pipeline.getTable() + " as t (" + names(columns) + ", import_id) select " + selected
                + ", " + importId + " from " + source + " on conflict (" + keys + ") "
                + conflictAction(strategy, others(columns, brought));
    }

    private static String conflictAction(String strategy, List<ColumnDefinition> others) {
        if (others.isEmpty() || "skip".equals(strategy)) {
            return "do nothing";
        }
        if ("update".equals(strategy)) {
            return "do update set " + others.stream().map(c -> c.name() + " = excluded." + c.name())
                    .collect(Collectors.joining(", ")) + ", import_id = excluded.import_id where "
                    + changed(strategy, others, c -> "excluded." + c.name());
        }
        return "do update set " + others.stream().map(c -> c.name() + " = coalesce(" + emptyAsNull(c) + ", excluded." + c.name() + ")")
                .collect(Collectors.joining(", ")) + ", import_id = excluded.import_id where "
                + changed(strategy, others, c -> "excluded." + c.name());
    }

    /**
     * Whether the strategy changes the existing row {@code t} given the incoming values: {@code update} when any
     * value differs, {@code merge} when it would fill an empty column.
     */
    private static String changed(String strategy, List<ColumnDefinition> others, Function<ColumnDefinition, String> incoming) {
        if ("update".equals(strategy)) {
            return "(" + others.stream().map(c -> "t." + c.name()).collect(Collectors.joining(", ")) + ") is distinct from ("
                    + others.stream().map(incoming).collect(Collectors.joining(", ")) + ")";
        }
        return others.stream().map(c -> "(" + emptyAsNull(c) + " is null and " + incoming.apply(c) + " is not null)")
                .collect(Collectors.joining(" or "));
    }

    private static String names(List<ColumnDefinition> columns) {
        return columns.stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
    }

    private static String arrays(List<ColumnDefinition> columns) {
        return columns.stream().map(c -> "?::text[]").collect(Collectors.joining(", "));
    }

    /** The columns an existing row may take from the file: not a key, and brought by the file. */
    private static List<ColumnDefinition> others(List<ColumnDefinition> columns, boolean[] brought) {
        List<ColumnDefinition> others = new java.util.ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).key() && (brought == null || brought[i])) {
                others.add(columns.get(i));
            }
        }
        return others;
    }

    private static String emptyAsNull(ColumnDefinition c) {
        // untyped columns (text, email, currency) are text in the table, where an empty string means no value
        return c.type() == null ? "nullif(t." + c.name() + ", '')" : "t." + c.name();
    }
}
