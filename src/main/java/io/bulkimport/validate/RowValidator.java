package io.bulkimport.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulkimport.parse.Row;
import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.ColumnDefinition;
import io.bulkimport.pipeline.HeaderMapping;
import io.bulkimport.pipeline.ImportContext;
import io.bulkimport.pipeline.PreparedRow;
import io.bulkimport.pipeline.RowError;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code validate}: turns each row of a batch into a {@link PreparedRow} or into error records. A bad row
 * never stops the batch. A row the reader could not split into cells ({@link Row#problem()}) is reported as it is.
 */
public class RowValidator implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) {
        validate(exchange.getIn().getBody(Batch.class));
    }

    public void validate(Batch batch) {
        if (!batch.markValidated()) {
            return;   // validate-stage redelivered (its existingKeysOnly failed): the rows are validated already
        }
        // a failure here is the route's error handling's to handle: dead letters, or stop the import
        validateRows(batch);
    }

    private void validateRows(Batch batch) {
        ImportContext context = batch.context();
        TypedColumns typed = context.pipeline().schemaless() ? null : context.columnReaders(TypedColumns.class,
                c -> TypedColumns.of(c.pipeline().columnDefinitions(), c.options().columns()));
        String[] constants = ConstantColumns.of(context.pipeline().columnDefinitions(), context.options().columns().set());
        for (Row row : batch.rows()) {
            if (row.problem() != null) {
                // no cells to show or to send again with retry: the record itself could not be read
                batch.reject(new RowError(row.rowNumber(), "parse", null, null, row.problem(), null));
            } else if (context.pipeline().schemaless()) {
                asJson(batch, row, context.mapping());
            } else {
                declared(batch, row, context, typed, constants);
            }
        }
    }

    private void declared(Batch batch, Row row, ImportContext context, TypedColumns typed, String[] constants) {
        List<ColumnDefinition> columns = context.pipeline().columnDefinitions();
        // secrets are masked before anything can report the row: errors here, dead letters in the stages after
        List<String> cells = SecretMask.cells(row.values(), columns, context.mapping());
        int width = context.header().size();
        if (row.values().size() > width && !blank(row.values().subList(width, row.values().size()))) {
            batch.reject(new RowError(row.rowNumber(), "validate", null, null,
                    "row has " + row.values().size() + " cells but the header has " + width, cells));
            return;
        }
        String[] values = new String[columns.size()];
        List<RowError> errors = new ArrayList<>(0);
        for (int i = 0; i < columns.size(); i++) {
            int position = context.mapping().position(i);
            boolean present = position >= 0 && position < row.values().size();
            String cell = present ? row.values().get(position) : null;
            String raw = ConstantColumns.fill(cell, constants[i]);
            // only a typed column asks for a spreadsheet cell's stored value (not when a constant stands in for the
            // cell); text columns cost nothing more
            String stored = present && typed.typed(i) && raw == cell ? row.storedValue(position) : null;
            ValueRules.Result result = ValueRules.apply(columns.get(i), raw, typed, i, stored);
            if (result instanceof ValueRules.Invalid invalid) {
                errors.add(new RowError(row.rowNumber(), "validate", columns.get(i).name(),
                        columns.get(i).secret() ? SecretMask.value(raw) : raw, invalid.reason(), cells));
            } else {
                values[i] = ((ValueRules.Valid) result).value();
            }
        }
        if (errors.isEmpty()) {
            batch.valid().add(new PreparedRow(row.rowNumber(), values, cells));
        } else {
            errors.forEach(batch::reject);
        }
    }

    private void asJson(Batch batch, Row row, HeaderMapping mapping) {
        List<String> keys = mapping.jsonKeys();
        ObjectNode object = JSON.createObjectNode();
        for (int i = 0; i < row.values().size(); i++) {
            String value = row.values().get(i);
            String unstorable = ValueRules.unstorable(value);
            if (unstorable != null) {
                batch.reject(new RowError(row.rowNumber(), "validate", i < keys.size() ? keys.get(i) : null, value,
                        unstorable, row.values()));
                return;
            }
            object.put(i < keys.size() ? keys.get(i) : "column_" + (i + 1), value);
        }
        try {
            batch.valid().add(new PreparedRow(row.rowNumber(), new String[] {JSON.writeValueAsString(object)}, row.values()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean blank(List<String> cells) {
        return cells.stream().allMatch(c -> c == null || c.isBlank());
    }
}
