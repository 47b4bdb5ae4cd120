package io.bulkimport.validate;

/**
 * Reads the text of one typed column's cells into the canonical text PostgreSQL stores in the column's type
 * (ISO 8601 dates and timestamps, plain numbers, {@code true}/{@code false}). Made once per column and import, then
 * shared by the batch threads: implementations are immutable.
 */
interface ValueReader {

    /**
     * @param text the cell's text, trimmed, not empty
     * @return {@link ValueRules.Valid} with the canonical text, or {@link ValueRules.Invalid} saying what was
     *         expected (without the value: {@link ValueRules} adds it)
     */
    ValueRules.Result read(String text);

    /**
     * A spreadsheet cell's stored value ({@code io.bulkimport.parse.Row#storedValue}): a plain number
     * ({@code 1234.56}) or an ISO 8601 date or date-time ({@code 2024-05-03}, {@code 2024-05-03T10:15:30}).
     */
    default ValueRules.Result readStored(String stored) {
        return read(stored);
    }
}
