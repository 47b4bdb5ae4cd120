package io.bulkimport.pipeline;

import java.util.List;

/**
 * Why one row (or one of its cells) was not stored.
 *
 * @param rowNumber the row number a spreadsheet shows
 * @param stage     where it failed: {@code validate}, {@code store}, …
 * @param column    the pipeline column or header it concerns; null for the whole row
 * @param value     the offending value as the user wrote it (secrets masked); null when not about one value
 * @param reason    a sentence for the person who fixes the file
 * @param rawRow    the row's original cells, in file order
 */
public record RowError(long rowNumber, String stage, String column, String value, String reason, List<String> rawRow) {
}
