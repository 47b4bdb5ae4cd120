package io.bulkimport.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class UploadParametersTest {

    @Test
    void every_option_the_readme_and_the_api_description_name_is_known() {
        assertThatCode(() -> UploadParameters.requireKnown(List.of("filename", "duplicates", "batchSize", "dryRun",
                "force", "createNew", "sheet", "charset", "escape", "locale", "dateFormat", "notifyUrl", "notifyEmail",
                "mapping", "maxErrors", "onTooManyErrors", "map.email", "set.source"))).doesNotThrowAnyException();
    }

    @Test
    void a_misspelt_option_is_refused_with_the_one_it_is_closest_to() {
        assertThatThrownBy(() -> UploadParameters.requireKnown(List.of("duplicates", "duplicate")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown upload option 'duplicate' (did you mean 'duplicates'?); the options are ")
                .hasMessageEndingWith(", map.<column> and set.<column>");
        assertThatThrownBy(() -> UploadParameters.requireKnown(List.of("dryrun")))
                .hasMessageStartingWith("unknown upload option 'dryrun' (did you mean 'dryRun'?)");
    }

    @Test
    void a_name_like_none_is_refused_without_a_guess_and_a_bare_prefix_is_no_column() {
        assertThatThrownBy(() -> UploadParameters.requireKnown(List.of("colour")))
                .hasMessageStartingWith("unknown upload option 'colour'; the options are batchSize, charset,");
        assertThatThrownBy(() -> UploadParameters.requireKnown(List.of("map.")))
                .hasMessageStartingWith("unknown upload option 'map.'");
    }

    @Test
    void the_names_are_the_upload_parameters_of_the_api_description() throws IOException {
        // given the parameters openapi.json gives POST /api/imports/{pipeline}
        JsonNode document;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.json")) {
            document = new ObjectMapper().readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        for (JsonNode parameter : document.at("/paths/~1api~1imports~1{pipeline}/post/parameters")) {
            JsonNode p = parameter.has("$ref")
                    ? document.at(parameter.get("$ref").asText().substring(1)) : parameter;
            if ("query".equals(p.get("in").asText())) {
                documented.add(p.get("name").asText());
            }
        }

        // then the query parameters it names are the known names, and its one for map./set. columns is there too
        assertThat(documented).contains("columnOptions");
        documented.remove("columnOptions");
        assertThat(documented).isEqualTo(new TreeSet<>(UploadParameters.NAMES));
    }
}
