package io.bulkimport.enrich;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What stage {@code enrich} does for one pipeline, declared in the pipeline's route file (section {@code beans}):
 * which columns go to the provider, which come back, the prompt file, which rows need no call, and the pipeline's
 * own AI limits ({@code rowsPerRequest}, {@code requestsPerMinute}, {@code maxRetries}, {@code timeoutMs}). Each
 * limit is capped by its provider-wide {@code ai.*} value; an unset one takes that value ({@link PipelineAiSettings}).
 */
public class EnrichmentSpec {

    private String pipeline;
    private List<String> inputFields = List.of();
    private List<String> outputFields = List.of();
    private String prompt;
    private String statusColumn = "enrichment_status";
    private String skipWhen = "";
    private String skipStatus = "skipped";
    private Integer rowsPerRequest;
    private Integer requestsPerMinute;
    private Integer maxRetries;
    private Integer timeoutMs;
    private volatile String promptText;
    private volatile String promptHash;

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }

    public String getInputFields() {
        return String.join(",", inputFields);
    }

    public void setInputFields(String fields) {
        this.inputFields = list(fields);
    }

    public String getOutputFields() {
        return String.join(",", outputFields);
    }

    public void setOutputFields(String fields) {
        this.outputFields = list(fields);
    }

    /** The prompt file: an absolute path, or relative to the service's working folder. */
    public String getPrompt() {
        return prompt;
    }

    public void setPrompt(String prompt) {
        this.prompt = prompt;
    }

    public String getStatusColumn() {
        return statusColumn;
    }

    public void setStatusColumn(String statusColumn) {
        this.statusColumn = statusColumn;
    }

    /** {@code column=value}: rows whose column has that value (any case) are stored without a call. */
    public String getSkipWhen() {
        return skipWhen;
    }

    public void setSkipWhen(String skipWhen) {
        this.skipWhen = skipWhen == null ? "" : skipWhen.trim();
    }

    public String getSkipStatus() {
        return skipStatus;
    }

    public void setSkipStatus(String skipStatus) {
        this.skipStatus = skipStatus;
    }

    /** Rows per chat completion; null = {@code ai.rows-per-request}. */
    public Integer getRowsPerRequest() {
        return rowsPerRequest;
    }

    public void setRowsPerRequest(Integer rowsPerRequest) {
        this.rowsPerRequest = rowsPerRequest;
    }

    /** The pipeline's own limit, requests per sliding 60 s at arrival; null = {@code ai.requests-per-minute}. */
    public Integer getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(Integer requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    /** Retries of one request after 429, 5xx or a timeout; null = {@code ai.max-retries}. */
    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** Connect and answer timeout of one request, in milliseconds; null = {@code ai.timeout-ms}. */
    public Integer getTimeoutMs() {
        return timeoutMs;
    }

    public void setTimeoutMs(Integer timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** The registry id of the pipeline's {@code circuitBreaker} around stage enrich: {@code <pipeline>-ai-circuit}. */
    public String circuitBreakerId() {
        return pipeline + "-ai-circuit";
    }

    public List<String> inputs() {
        return inputFields;
    }

    public List<String> outputs() {
        return outputFields;
    }

    public String skipColumn() {
        int eq = skipWhen.indexOf('=');
        return eq < 0 ? null : skipWhen.substring(0, eq).trim();
    }

    public boolean skips(String value) {
        int eq = skipWhen.indexOf('=');
        return eq >= 0 && value != null && value.trim().toLowerCase(Locale.ROOT)
                .equals(skipWhen.substring(eq + 1).trim().toLowerCase(Locale.ROOT));
    }

    /** The system prompt, read once. */
    public String promptText() {
        if (promptText == null) {
            try {
                promptText = Files.readString(Path.of(prompt));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the prompt file " + prompt + " of pipeline " + pipeline, e);
            }
        }
        return promptText;
    }

    /** The prompt's version: a changed prompt is a new cache generation. */
    public String promptHash() {
        if (promptHash == null) {
            promptHash = InputHash.sha256(promptText());
        }
        return promptHash;
    }

    private static List<String> list(String fields) {
        return fields == null ? List.of() : Arrays.stream(fields.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
