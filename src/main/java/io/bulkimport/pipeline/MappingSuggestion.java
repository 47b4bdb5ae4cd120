package io.bulkimport.pipeline;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@link MappingSuggester}: for each declared column (in declared order) the header suggested for it.
 *
 * @param columns          one entry per declared column
 * @param unmatchedHeaders the non-blank header cells no column was given, as written
 * @param mapping          column → suggested header, for the columns that have one (a body for a saved mapping)
 * @param mapParameters    the same as upload query parameters ({@code map.email=Courriel&map.phone=Tel}), headers
 *                         URL-encoded; empty when no column has a header
 */
public record MappingSuggestion(List<ColumnSuggestion> columns, List<String> unmatchedHeaders, Map<String, String> mapping,
                                String mapParameters) {

    /**
     * @param column  the declared column
     * @param header  the suggested header as written in the file, or null when none scored high enough
     * @param score   0..1, rounded to two decimals (0 without a header)
     * @param reasons why ("alias 'E-mail'", "name similarity 0.91 to 'email'", "48 of 50 sample values are e-mail
     *                addresses"), or why no header was suggested
     */
    public record ColumnSuggestion(String column, String header, double score, List<String> reasons) {
    }
}
