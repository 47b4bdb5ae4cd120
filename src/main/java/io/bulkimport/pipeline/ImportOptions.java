package io.bulkimport.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user chose for one import. Stored with the job so a resumed import cuts the same batches.
 *
 * @param duplicates skip, update or merge
 * @param batchSize  rows per batch
 * @param dryRun     validate and count, write nothing
 * @param force      import even if a byte-identical file was already imported
 */
public record ImportOptions(String duplicates, int batchSize, boolean dryRun, boolean force) {

    public ImportOptions {
        duplicates = PipelineDefinition.requireStrategy(duplicates);
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 100000, was " + batchSize);
        }
    }

    public static ImportOptions defaultsOf(PipelineDefinition pipeline) {
        return new ImportOptions(pipeline.getDuplicates(), pipeline.getBatchSize(), false, false);
    }

    /** Reads options given as request parameters; absent ones take the pipeline's defaults. */
    public static ImportOptions from(PipelineDefinition pipeline, Map<String, String> params) {
        String duplicates = params.getOrDefault("duplicates", pipeline.getDuplicates());
        String batchSize = params.get("batchSize");
        int size;
        try {
            size = batchSize == null || batchSize.isBlank() ? pipeline.getBatchSize() : Integer.parseInt(batchSize.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("batchSize must be a whole number, was '" + batchSize + "'");
        }
        return new ImportOptions(duplicates, size, bool(params, "dryRun"), bool(params, "force"));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duplicates", duplicates);
        m.put("batchSize", batchSize);
        m.put("dryRun", dryRun);
        m.put("force", force);
        return m;
    }

    public static ImportOptions fromMap(Map<String, Object> m) {
        return new ImportOptions(String.valueOf(m.get("duplicates")), ((Number) m.get("batchSize")).intValue(),
                Boolean.TRUE.equals(m.get("dryRun")), Boolean.TRUE.equals(m.get("force")));
    }

    private static boolean bool(Map<String, String> params, String name) {
        String v = params.get(name);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
    }
}
