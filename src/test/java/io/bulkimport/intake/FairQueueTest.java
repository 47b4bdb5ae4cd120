package io.bulkimport.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairQueueTest {

    @Test
    void a_single_file_queued_after_a_group_runs_after_the_groups_first_file_not_its_last() {
        // given a group of four files, then a single file
        FairQueue<String> queue = new FairQueue<>();
        for (int i = 1; i <= 4; i++) {
            queue.add("group", "g" + i);
        }
        queue.add("s", "s");

        // when everything is taken
        List<String> order = drain(queue);

        // then the single file had its turn after one file of the group
        assertThat(order).containsExactly("g1", "s", "g2", "g3", "g4");
    }

    @Test
    void two_groups_and_singles_take_turns_in_the_order_they_joined_and_each_group_keeps_its_file_order() {
        // given group A (3 files), a single x, group B (2 files), a single y
        FairQueue<String> queue = new FairQueue<>();
        queue.add("A", "a1");
        queue.add("A", "a2");
        queue.add("A", "a3");
        queue.add("x", "x");
        queue.add("B", "b1");
        queue.add("B", "b2");
        queue.add("y", "y");

        // when
        List<String> order = drain(queue);

        // then one round gives every lane one turn, and the groups go on alone once the singles are done
        assertThat(order).containsExactly("a1", "x", "b1", "y", "a2", "b2", "a3");
    }

    @Test
    void a_lane_that_joins_after_a_turn_waits_behind_the_lanes_already_in_line() {
        // given a group whose first file was taken
        FairQueue<String> queue = new FairQueue<>();
        queue.add("G", "g1");
        queue.add("G", "g2");
        queue.add("G", "g3");
        assertThat(queue.poll()).isEqualTo("g1");

        // when a single file arrives after that turn
        queue.add("s", "s");

        // then the group's next file comes first (its turn came round again before s joined), then s
        assertThat(drain(queue)).containsExactly("g2", "s", "g3");
    }

    @Test
    void shows_the_waiting_items_in_the_order_they_will_be_taken() {
        // given
        FairQueue<String> queue = new FairQueue<>();
        queue.add("A", "a1");
        queue.add("A", "a2");
        queue.add("x", "x");
        queue.add("B", "b1");

        // when the order is shown, then taken
        List<String> shown = queue.inOrder();
        List<String> taken = drain(queue);

        // then the two agree
        assertThat(shown).containsExactly("a1", "x", "b1", "a2").isEqualTo(taken);
    }

    @Test
    void removes_matching_items_and_drops_the_lanes_they_empty() {
        // given
        FairQueue<String> queue = new FairQueue<>();
        queue.add("A", "a1");
        queue.add("A", "a2");
        queue.add("x", "x");

        // when
        List<String> removed = queue.removeIf(item -> item.startsWith("a"));

        // then
        assertThat(removed).containsExactly("a1", "a2");
        assertThat(queue.size()).isEqualTo(1);
        assertThat(drain(queue)).containsExactly("x");
        assertThat(queue.poll()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    private static List<String> drain(FairQueue<String> queue) {
        List<String> order = new ArrayList<>();
        for (String next = queue.poll(); next != null; next = queue.poll()) {
            order.add(next);
        }
        return order;
    }
}
