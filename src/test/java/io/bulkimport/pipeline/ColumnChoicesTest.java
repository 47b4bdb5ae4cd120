package io.bulkimport.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnChoicesTest {

    @Test
    void reads_map_set_mapping_locale_and_date_format_from_request_parameters() {
        // when
        ColumnChoices choices = ColumnChoices.from(contacts(), Map.of("map.email", " Courriel ", "set.company", "ACME",
                "mapping", "crm", "locale", "de-DE", "dateFormat", "dd.MM.yyyy", "map.phone", " "));

        // then
        assertThat(choices.map()).isEqualTo(Map.of("email", "Courriel"));
        assertThat(choices.set()).isEqualTo(Map.of("company", "ACME"));
        assertThat(choices.mapping()).isEqualTo("crm");
        assertThat(choices.locale()).isEqualTo("de-DE");
        assertThat(choices.dateFormat()).isEqualTo("dd.MM.yyyy");
    }

    @Test
    void refuses_an_unknown_locale_and_a_date_format_that_is_no_pattern_saying_which() {
        assertThatThrownBy(() -> ColumnChoices.from(contacts(), Map.of("locale", "xx-YY")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("locale: unknown locale 'xx-YY'");
        assertThatThrownBy(() -> ColumnChoices.from(contacts(), Map.of("dateFormat", "dd/MM/yyyy, bb/qq")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dateFormat: not a date pattern 'bb/qq'");
        assertThat(ColumnChoices.from(contacts(), Map.of("locale", "fr", "dateFormat", "MM/dd/yyyy,yyyy-MM-dd")).locale())
                .isEqualTo("fr");
    }

    @Test
    void refuses_columns_the_pipeline_does_not_declare_naming_them_and_the_declared_ones() {
        assertThatThrownBy(() -> ColumnChoices.from(contacts(), Map.of("map.mail", "Courriel", "set.channel", "web")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("map.mail").hasMessageContaining("set.channel")
                .hasMessageContaining("email, company, phone");
    }

    @Test
    void lets_the_uploads_own_map_entries_win_over_a_saved_mapping() {
        // given
        ColumnChoices upload = ColumnChoices.from(contacts(), Map.of("map.email", "Courriel", "mapping", "crm"));

        // when
        ColumnChoices merged = upload.withSavedMapping(Map.of("email", "Mail", "company", "Société"));

        // then
        assertThat(merged.map()).isEqualTo(Map.of("email", "Courriel", "company", "Société"));
    }

    @Test
    void survives_the_trip_through_the_jobs_stored_options() {
        // given
        ColumnChoices choices = ColumnChoices.from(contacts(), Map.of("map.email", "Courriel", "set.company", "ACME",
                "locale", "en-GB"));

        // when
        ColumnChoices read = ColumnChoices.fromMap(Map.copyOf(choices.asMap()));

        // then
        assertThat(read).isEqualTo(choices);
        assertThat(ColumnChoices.fromMap(Map.of())).isEqualTo(ColumnChoices.NONE);
    }

    private static PipelineDefinition contacts() {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("contacts");
        pipeline.setTable("contacts");
        pipeline.setColumns("email: { key: true }\ncompany: {}\nphone: {}\n");
        return pipeline;
    }
}
