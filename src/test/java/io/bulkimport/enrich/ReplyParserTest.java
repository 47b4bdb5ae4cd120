package io.bulkimport.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyParserTest {

    private static final List<String> OUTPUTS = List.of("improved_description", "quality_tier");

    @Test
    void reads_the_outputs_of_every_answered_row() {
        String content = "{\"results\":[{\"id\":\"2\",\"improved_description\":\"A\",\"quality_tier\":\"gold\"},"
                + "{\"id\":3,\"improved_description\":\"B\",\"quality_tier\":\"silver\"}]}";

        assertThat(ReplyParser.parse(content, List.of("2", "3"), OUTPUTS)).contains(Map.of(
                "2", Map.of("improved_description", "A", "quality_tier", "gold"),
                "3", Map.of("improved_description", "B", "quality_tier", "silver")));
    }

    @Test
    void leaves_out_rows_that_are_missing_incomplete_or_not_asked_for() {
        String content = "{\"results\":[{\"id\":\"2\",\"improved_description\":\"A\"},"
                + "{\"id\":\"9\",\"improved_description\":\"X\",\"quality_tier\":\"gold\"},"
                + "{\"id\":\"4\",\"improved_description\":null,\"quality_tier\":\"gold\"},"
                + "{\"id\":\"5\",\"improved_description\":\"E\",\"quality_tier\":\"bronze\"}]}";

        assertThat(ReplyParser.parse(content, List.of("2", "3", "4", "5"), OUTPUTS).orElseThrow()).containsOnlyKeys("5");
    }

    @Test
    void a_reply_that_is_not_the_agreed_shape_is_no_answer_at_all() {
        assertThat(ReplyParser.parse("Sure! Here you go", List.of("2"), OUTPUTS)).isEmpty();
        assertThat(ReplyParser.parse("{\"items\":[]}", List.of("2"), OUTPUTS)).isEmpty();
        assertThat(ReplyParser.parse("[{\"id\":\"2\"}]", List.of("2"), OUTPUTS)).isEmpty();
        assertThat(ReplyParser.parse(null, List.of("2"), OUTPUTS)).isEmpty();
    }

    @Test
    void reads_the_content_out_of_the_chat_completion_envelope() throws ProviderFailure {
        String body = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"results\\\":[]}\"}}]}";

        assertThat(ChatCompletionClient.content(body)).isEqualTo("{\"results\":[]}");
    }
}
