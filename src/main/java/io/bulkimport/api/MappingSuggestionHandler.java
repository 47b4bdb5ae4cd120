package io.bulkimport.api;

import io.bulkimport.intake.HeaderSample;
import io.bulkimport.parse.UnreadableFileException;
import io.bulkimport.pipeline.ImportOptions;
import io.bulkimport.pipeline.MappingSuggester;
import io.bulkimport.pipeline.MappingSuggestion;
import io.bulkimport.pipeline.PipelineCatalog;
import io.bulkimport.pipeline.PipelineDefinition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/pipelines/{pipeline}/mapping-suggestion} with a file (or its first part) as body: CSV/TSV text or
 * an XLSX workbook (told by its first bytes, {@code PK}). Of text, only the first {@value #SAMPLE_BYTES} bytes are
 * kept, cut after their last line break, so a cut file or a cut last line does no harm; the rest of the body is read
 * and dropped. A workbook is kept whole (its directory is at its end), up to {@code import.max-upload-bytes}. Then the
 * header and the first {@value MappingSuggester#SAMPLE_ROWS} rows go to {@link MappingSuggester}, and the file is
 * deleted. Query: {@code filename=} (a {@code .tsv} name reads tab-separated text), {@code sheet=}, {@code charset=}.
 */
final class MappingSuggestionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MappingSuggestionHandler.class);

    static final int SAMPLE_BYTES = 1 << 20;

    private final PipelineCatalog pipelines;
    private final Path spoolDir;
    private final long maxBytes;

    MappingSuggestionHandler(PipelineCatalog pipelines, Path spoolDir, long maxBytes) {
        this.pipelines = pipelines;
        this.spoolDir = spoolDir;
        this.maxBytes = maxBytes;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        PipelineDefinition pipeline = Responses.pipelineOrNotFound(ctx, pipelines);
        if (pipeline == null) {
            return;
        }
        if (pipeline.schemaless()) {
            Responses.error(ctx, 400, "pipeline " + pipeline.getName() + " keeps every column as the file names it: nothing to map");
            return;
        }
        ImportOptions options;
        try {
            Map<String, String> params = new LinkedHashMap<>();
            request.params().forEach(e -> params.put(e.getKey(), e.getValue()));
            options = ImportOptions.from(pipeline, params);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            ctx.response().writeContinue();
        }
        request.pause();
        Path spooled = spoolDir.resolve(UUID.randomUUID() + ".sample");
        ctx.vertx().fileSystem().mkdirs(spoolDir.toString())
                .compose(v -> ctx.vertx().fileSystem().open(spooled.toString(), new OpenOptions().setWrite(true).setCreateNew(true)))
                .onFailure(e -> {
                    request.resume();
                    Responses.error(ctx, 500, "cannot store the sample: " + e.getMessage());
                })
                .onSuccess(file -> new Spool(ctx, pipeline, options, file, spooled).start());
    }

    /** The body on its way to the sample file. */
    private final class Spool {
        private final RoutingContext ctx;
        private final PipelineDefinition pipeline;
        private final ImportOptions options;
        private final AsyncFile file;
        private final Path path;
        private final AtomicBoolean closed = new AtomicBoolean();
        private long received;
        private long written;
        private long afterLastLineBreak = -1;
        private Boolean workbook;

        Spool(RoutingContext ctx, PipelineDefinition pipeline, ImportOptions options, AsyncFile file, Path path) {
            this.ctx = ctx;
            this.pipeline = pipeline;
            this.options = options;
            this.file = file;
            this.path = path;
        }

        void start() {
            HttpServerRequest request = ctx.request();
            request.handler(this::take);
            request.exceptionHandler(e -> {
                LOG.warn("mapping-suggestion body broke off after {} bytes: {}", received, e.getMessage());
                closeAndDelete();
            });
            request.endHandler(v -> finish());
            request.resume();
        }

        private void take(Buffer buffer) {
            if (closed.get()) {
                return;
            }
            received += buffer.length();
            if (workbook == null && buffer.length() > 0) {
                workbook = buffer.length() >= 2 && buffer.getByte(0) == 'P' && buffer.getByte(1) == 'K';
            }
            if (Boolean.TRUE.equals(workbook)) {
                if (received > maxBytes) {
                    closeAndDelete();
                    ctx.response().putHeader("Connection", "close");
                    Responses.error(ctx, 413, "the workbook is larger than import.max-upload-bytes (" + maxBytes + " bytes)");
                    return;
                }
                write(buffer);
            } else if (written < SAMPLE_BYTES) {
                Buffer kept = buffer.length() <= SAMPLE_BYTES - written ? buffer
                        : buffer.getBuffer(0, (int) (SAMPLE_BYTES - written));
                for (int i = kept.length() - 1; i >= 0; i--) {
                    if (kept.getByte(i) == '\n') {
                        afterLastLineBreak = written + i + 1;
                        break;
                    }
                }
                write(kept);
            }
        }

        private void write(Buffer buffer) {
            written += buffer.length();
            file.write(buffer);
            if (file.writeQueueFull()) {
                ctx.request().pause();
                file.drainHandler(v -> ctx.request().resume());
            }
        }

        private void finish() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            file.close()
                    .onFailure(e -> {
                        delete(path);
                        Responses.error(ctx, 500, "cannot store the sample: " + e.getMessage());
                    })
                    .onSuccess(v -> ctx.vertx().executeBlocking(this::suggest, false)
                            .onComplete(done -> delete(path))
                            .onSuccess(answer -> Responses.json(ctx, 200, answer))
                            .onFailure(e -> Responses.error(ctx, e instanceof UnreadableFileException ? 400 : 500,
                                    e instanceof UnreadableFileException ? e.getMessage()
                                            : "no suggestion: " + e.getMessage())));
        }

        private Map<String, Object> suggest() throws IOException {
            boolean isWorkbook = Boolean.TRUE.equals(workbook);
            if (!isWorkbook && afterLastLineBreak > 0 && afterLastLineBreak < written) {
                // whole lines only: the part after the last line break may be a cut record
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    channel.truncate(afterLastLineBreak);
                }
            }
            String fileName = fileName(isWorkbook);
            HeaderSample sample = HeaderSample.read(path, fileName, options.sheet(), options.dialect(),
                    MappingSuggester.SAMPLE_ROWS);
            MappingSuggestion suggestion = MappingSuggester.suggest(pipeline.columnDefinitions(), sample.header(), sample.rows());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("pipeline", pipeline.getName());
            answer.put("headers", sample.header());
            answer.put("sampleRows", sample.rows().size());
            answer.put("columns", suggestion.columns());
            answer.put("unmatchedHeaders", suggestion.unmatchedHeaders());
            answer.put("mapping", suggestion.mapping());
            answer.put("mapParameters", suggestion.mapParameters());
            return answer;
        }

        /** The name the reader is chosen by: the given one when it agrees with the bytes, else a plain one. */
        private String fileName(boolean isWorkbook) {
            String given = UploadFileName.of(ctx.request().getParam("filename"), ctx.request().getHeader("Content-Type"));
            String lower = given.toLowerCase(java.util.Locale.ROOT);
            boolean namedWorkbook = lower.endsWith(".xlsx") || lower.endsWith(".xlsm") || lower.endsWith(".xls");
            if (isWorkbook) {
                return namedWorkbook ? given : "sample.xlsx";
            }
            return namedWorkbook ? "sample.csv" : given;
        }

        private void closeAndDelete() {
            if (closed.compareAndSet(false, true)) {
                file.close().onComplete(v -> delete(path));
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.getMessage());
        }
    }
}
