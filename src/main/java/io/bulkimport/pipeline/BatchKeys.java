package io.bulkimport.pipeline;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The keys one batch writes, ordered by hash, so that two batches in flight are compared by one merge of two sorted
 * arrays (a few microseconds for thousands of keys) instead of a hash lookup per key. Keys with equal hashes are
 * compared with {@code equals}, so a hash collision never passes for a shared key.
 */
public final class BatchKeys {

    public static final BatchKeys NONE = new BatchKeys(List.of());

    /** Per key: its hash in the upper 32 bits, its index in {@link #keys} in the lower; sorted. */
    private final long[] sorted;
    private final Object[] keys;

    public BatchKeys(Collection<?> keys) {
        this.keys = keys.toArray();
        this.sorted = new long[this.keys.length];
        for (int i = 0; i < this.keys.length; i++) {
            sorted[i] = ((long) Objects.hashCode(this.keys[i]) << 32) | i;
        }
        Arrays.sort(sorted);
    }

    public static BatchKeys of(Object... keys) {
        return new BatchKeys(List.of(keys));
    }

    public int size() {
        return keys.length;
    }

    public boolean sharesAKeyWith(BatchKeys other) {
        long[] a = sorted;
        long[] b = other.sorted;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            int ha = hash(a[i]);
            int hb = hash(b[j]);
            if (ha < hb) {
                i++;
            } else if (ha > hb) {
                j++;
            } else {
                int aEnd = runEnd(a, i);
                int bEnd = runEnd(b, j);
                for (int x = i; x < aEnd; x++) {
                    for (int y = j; y < bEnd; y++) {
                        if (Objects.equals(keys[index(a[x])], other.keys[index(b[y])])) {
                            return true;
                        }
                    }
                }
                i = aEnd;
                j = bEnd;
            }
        }
        return false;
    }

    private static int runEnd(long[] hashes, int start) {
        int hash = hash(hashes[start]);
        int end = start + 1;
        while (end < hashes.length && hash(hashes[end]) == hash) {
            end++;
        }
        return end;
    }

    private static int hash(long entry) {
        return (int) (entry >> 32);
    }

    private static int index(long entry) {
        return (int) entry;
    }
}
