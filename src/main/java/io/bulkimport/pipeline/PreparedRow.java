package io.bulkimport.pipeline;

import java.util.List;

/**
 * A row that passed validation: its values in the pipeline's column order (for a catch-all pipeline, one JSON
 * object), and its original cells so a later stage can still report it.
 */
public record PreparedRow(long rowNumber, String[] values, List<String> rawRow) {
}
