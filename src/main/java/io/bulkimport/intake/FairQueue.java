package io.bulkimport.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Round-robin over lanes, first in first out within a lane: the order in which waiting import jobs get a free slot.
 * A lane is a group of files (its id) or a single file (a lane of its own), so a group of 100 files takes one turn
 * per round like any single upload and never starves it or another group (issue #14, part 4).
 * <p>
 * Lanes take turns in the order they joined; a lane that was served goes to the back of the line if it still has
 * items, and a lane that empties leaves. A lane that joins later waits behind the lanes already in line, at most one
 * item of each. Not thread-safe: {@link ImportQueue} guards it.
 *
 * @param <T> what waits (an import job's ticket)
 */
public final class FairQueue<T> {

    /** The lanes in turn order; each lane's items in arrival order. */
    private final LinkedHashMap<Object, Deque<T>> lanes = new LinkedHashMap<>();
    private int size;

    /**
     * Adds {@code item} at the end of {@code lane}; a lane not in line joins at the back.
     *
     * @param lane the group's id, or for a single file a key of its own (its job id)
     */
    public void add(Object lane, T item) {
        lanes.computeIfAbsent(lane, k -> new ArrayDeque<>()).addLast(item);
        size++;
    }

    /** The next item: the first of the lane whose turn it is, which then goes to the back; null when empty. */
    public T poll() {
        Iterator<Map.Entry<Object, Deque<T>>> first = lanes.entrySet().iterator();
        if (!first.hasNext()) {
            return null;
        }
        Map.Entry<Object, Deque<T>> lane = first.next();
        first.remove();
        T item = lane.getValue().pollFirst();
        if (!lane.getValue().isEmpty()) {
            lanes.put(lane.getKey(), lane.getValue());   // re-inserted: to the back of the line
        }
        size--;
        return item;
    }

    /** Removes the waiting items that match; returns them in queue order. */
    public List<T> removeIf(Predicate<T> matching) {
        List<T> removed = new ArrayList<>();
        for (T item : inOrder()) {
            if (matching.test(item)) {
                removed.add(item);
            }
        }
        lanes.values().forEach(items -> items.removeIf(removed::contains));
        lanes.values().removeIf(Deque::isEmpty);
        size -= removed.size();
        return removed;
    }

    /** Every waiting item in the order {@link #poll()} would give them if nothing else arrived. */
    public List<T> inOrder() {
        List<T> order = new ArrayList<>(size);
        List<Iterator<T>> cursors = new ArrayList<>();
        lanes.values().forEach(items -> cursors.add(items.iterator()));
        while (order.size() < size) {
            for (Iterator<T> cursor : cursors) {
                if (cursor.hasNext()) {
                    order.add(cursor.next());
                }
            }
        }
        return order;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
