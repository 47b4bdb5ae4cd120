package io.bulkimport.progress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The pipeline gauges against Micrometer's own registry, and what Micrometer logs about them. */
class ImportMetricsTest {

    private final Logger micrometer = (Logger) LoggerFactory.getLogger(MeterRegistry.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    /** Micrometer warns of a meter registered twice once per JVM, then logs it at DEBUG: both are listened to. */
    @BeforeEach
    void listen() {
        level = micrometer.getLevel();
        micrometer.setLevel(Level.DEBUG);
        logged.start();
        micrometer.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        micrometer.detachAppender(logged);
        micrometer.setLevel(level);
    }

    @Test
    void a_pipelines_second_import_finds_its_gauges_and_registers_nothing_again() {
        // given a registry and the gauges of one import of contacts
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ImportMetrics metrics = new ImportMetrics(() -> registry, new ActiveImports());
        metrics.importStarted("contacts");

        // when two more imports of contacts and one of users start
        metrics.importStarted("contacts");
        metrics.importStarted("contacts");
        metrics.importStarted("users");

        // then each pipeline has one ETA and one percent gauge, and Micrometer said nothing of one registered again
        assertThat(registry.find("bulkimport.import.eta.seconds").gauges()).hasSize(2);
        assertThat(registry.find("bulkimport.import.percent").tag("pipeline", "contacts").gauges()).hasSize(1);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("already registered"));
    }
}
