package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.Batch;
import io.bulkimport.pipeline.CommitSequencer;
import io.bulkimport.pipeline.TestImports;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class BatchFailureTest {

    @Test
    void a_failed_batch_stops_its_import_only_once_the_batches_before_it_committed() throws Exception {
        // given batch 1 failed for good while batch 0 is still on its way to its commit
        Batch first = TestImports.batch(TestImports.users(), TestImports.options(),
                List.of(List.of("email"), List.of("a@example.com")));
        Batch failed = new Batch(first.context(), 1, first.rows());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(failed);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("service answered 500"));
        CommitSequencer sequencer = first.context().sequencer();

        // when
        CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> {
            try {
                new BatchFailure(new DeadLetterCause(java.util.List.of())).process(exchange);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // then the import is not stopped until batch 0 committed; then it is, with batch 1's reason
        Thread.sleep(200);
        assertThat(failing).isNotDone();
        sequencer.awaitTurn(0);
        sequencer.done(0);
        failing.get(5, TimeUnit.SECONDS);
        assertThat(sequencer.committedBatches()).isEqualTo(1);
        assertThatThrownBy(() -> sequencer.awaitTurn(2)).isInstanceOf(CommitSequencer.ImportStoppedException.class)
                .hasMessageContaining("service answered 500");
    }
}
