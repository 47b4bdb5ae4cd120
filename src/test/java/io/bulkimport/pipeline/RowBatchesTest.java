package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulkimport.parse.Row;
import io.bulkimport.parse.RowReader;
import io.bulkimport.parse.UnreadableFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowBatchesTest {

    @Test
    void a_stop_during_a_batch_still_cuts_that_batch_whole() {
        // given 500 rows in batches of 200, and a stop that arrives while row 150 is being read
        ImportContext context = context(200);
        RowBatches batches = new RowBatches(new ListReader(500, 150, context, null), context, 0, total -> { });

        // when the batches are taken
        List<Batch> taken = new ArrayList<>();
        while (batches.hasNext()) {
            taken.add(batches.next());
        }

        // then the batch under way is complete and no further batch is started
        assertThat(taken).hasSize(1);
        assertThat(taken.get(0).rows()).hasSize(200);
        assertThat(taken.get(0).lastRow()).isEqualTo(201);
    }

    @Test
    void a_parse_failure_ends_the_batches_after_the_rows_before_it() {
        // given 500 rows whose row 352 cannot be read, in batches of 200
        ImportContext context = context(200);
        RowBatches batches = new RowBatches(new ListReader(500, -1, context, 352L), context, 0, total -> { });

        // when
        List<Batch> taken = new ArrayList<>();
        while (batches.hasNext()) {
            taken.add(batches.next());
        }

        // then every row before the bad one is handed out, and the failure is kept for the job
        assertThat(taken).extracting(b -> b.rows().size()).containsExactly(200, 150);
        assertThat(batches.failure()).hasMessage("bad row 352");
    }

    @Test
    void a_resumed_import_reads_past_the_batches_committed_before_it_and_hands_out_the_rest_with_their_numbers() {
        // given 500 rows in batches of 200 of an import whose batch 0 and 1 committed before a crash
        ImportContext context = context(200, 2);
        RowBatches batches = new RowBatches(new ListReader(500, -1, context, null), context, 0, total -> { });

        // when the batches are taken
        List<Batch> taken = new ArrayList<>();
        while (batches.hasNext()) {
            taken.add(batches.next());
        }

        // then only batch 2 goes through the stages again, rows 402-501
        assertThat(taken).extracting(Batch::batchNo).containsExactly(2);
        assertThat(taken.get(0).firstRow()).isEqualTo(402);
        assertThat(taken.get(0).lastRow()).isEqualTo(501);
        assertThat(batches.batchesRead()).isEqualTo(3);
    }

    private static ImportContext context(int batchSize) {
        return context(batchSize, 0);
    }

    private static ImportContext context(int batchSize, int committedBatches) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("records");
        return new ImportContext(UUID.randomUUID(), pipeline, new ImportOptions("skip", batchSize, false, false), "f.csv",
                Path.of("f.csv"), List.of("a"), HeaderMapping.of(pipeline, List.of("a")), new CommitSequencer(committedBatches));
    }

    /** Rows 2.. as a spreadsheet numbers them; can stop the import or fail at a given row. */
    private static final class ListReader implements RowReader {
        private final int rows;
        private final int suspendAt;
        private final ImportContext context;
        private final Long failAt;
        private int next;

        ListReader(int rows, int suspendAt, ImportContext context, Long failAt) {
            this.rows = rows;
            this.suspendAt = suspendAt;
            this.context = context;
            this.failAt = failAt;
        }

        @Override
        public List<String> header() {
            return List.of("a");
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        public boolean hasNext() {
            if (failAt != null && next + 2 == failAt) {
                throw new UnreadableFileException("bad row " + failAt);
            }
            return next < rows;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (next == suspendAt) {
                context.suspend();
            }
            return new Row(2 + next++, List.of("v"));
        }

        @Override
        public void close() {
        }
    }
}
