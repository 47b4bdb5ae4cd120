package io.bulkimport.enrich;

import java.util.Map;

/** One row as the provider sees it: an id unique within the request, and its input fields. */
public record EnrichmentItem(String id, Map<String, String> input) {
}
