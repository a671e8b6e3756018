package io.tessera.coordinator.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnumSortKeysTest {
    /** Keys made by appending, prepending and inserting anywhere stay strictly ordered and never change. */
    @Test
    void keysBetweenNeighboursStayOrderedWhateverTheInsertionOrder() {
        List<String> keys = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            int at = random.nextInt(keys.size() + 1);
            String low = at == 0 ? null : keys.get(at - 1);
            String high = at == keys.size() ? null : keys.get(at);
            String k = EnumSortKeys.between(low, high);
            assertTrue(low == null || low.compareTo(k) < 0, low + " < " + k);
            assertTrue(high == null || k.compareTo(high) < 0, k + " < " + high);
            assertTrue(k.matches("[0-9A-Za-z]*[1-9A-Za-z]"), k);
            keys.add(at, k);
        }
    }

    /** The worst case for fractional keys: always inserting right before the same label. */
    @Test
    void repeatedInsertionBeforeOneLabelKeepsKeysShort() {
        String first = EnumSortKeys.between(null, null);
        String low = EnumSortKeys.between(null, first);
        for (int i = 0; i < 500; i++) {
            String k = EnumSortKeys.between(low, first);
            assertTrue(low.compareTo(k) < 0 && k.compareTo(first) < 0, low + " < " + k + " < " + first);
            low = k;
        }
        assertTrue(low.length() < 100, "length " + low.length());
    }

    @Test
    void appendingKeysGrowSlowly() {
        String k = null;
        for (int i = 0; i < 1000; i++) {
            String next = EnumSortKeys.between(k, null);
            assertTrue(k == null || k.compareTo(next) < 0);
            k = next;
        }
        assertTrue(k.length() < 200, "length " + k.length());
    }
}
