package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulkimport.pipeline.PipelineDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingsHandlerTest {

    private static final PipelineDefinition CONTACTS = pipeline("email: { key: true }\nfirst_name: {}\nphone: {}\n");

    @Test
    void reads_a_json_object_of_column_to_header() {
        // when
        Map<String, String> mapping = ColumnMappingsHandler.mapping(CONTACTS, "{\"email\": \" Courriel \", \"phone\": \"Tél\"}");

        // then
        assertThat(mapping).containsExactly(Map.entry("email", "Courriel"), Map.entry("phone", "Tél"));
    }

    @Test
    void names_unknown_columns_with_the_declared_ones_and_values_that_are_not_strings() {
        // when / then
        assertThatThrownBy(() -> ColumnMappingsHandler.mapping(CONTACTS,
                "{\"mail\": \"Courriel\", \"email\": 3, \"fax\": \"F\", \"phone\": \" \"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown columns: mail, fax (pipeline test has email, first_name, phone); "
                        + "the header must be a non-empty string for email, phone");
    }

    @Test
    void refuses_a_body_that_is_not_a_non_empty_json_object() {
        // when / then
        assertThatThrownBy(() -> ColumnMappingsHandler.mapping(CONTACTS, "[\"email\"]"))
                .hasMessageStartingWith("the body must be a JSON object");
        assertThatThrownBy(() -> ColumnMappingsHandler.mapping(CONTACTS, "{}"))
                .hasMessageStartingWith("the body must be a JSON object");
        assertThatThrownBy(() -> ColumnMappingsHandler.mapping(CONTACTS, "{email"))
                .hasMessageStartingWith("the body is not JSON");
    }

    private static PipelineDefinition pipeline(String columns) {
        PipelineDefinition pipeline = new PipelineDefinition();
        pipeline.setName("test");
        pipeline.setColumns(columns);
        return pipeline;
    }
}
