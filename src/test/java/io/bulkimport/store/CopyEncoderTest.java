package io.bulkimport.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyEncoderTest {

    @Test
    void escapes_the_characters_that_frame_copy_text_and_marks_null() {
        // given
        CopyEncoder encoder = new CopyEncoder();

        // when
        encoder.row(new String[] {"a\tb", "line1\nline2\r", "back\\slash", null, "Café ☕"}, "id-1");

        // then
        assertThat(encoder.data().toString())
                .isEqualTo("a\\tb\tline1\\nline2\\r\tback\\\\slash\t\\N\tCafé ☕\tid-1\n");
    }

    @Test
    void writes_one_line_per_row_and_no_trailing_field_when_none_is_given() {
        CopyEncoder encoder = new CopyEncoder();

        encoder.row(new String[] {"1"}, null);
        encoder.row(new String[] {"\\N"}, null);

        assertThat(encoder.data().toString()).isEqualTo("1\n\\\\N\n");
    }
}
