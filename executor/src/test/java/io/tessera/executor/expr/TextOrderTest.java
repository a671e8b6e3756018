package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Text in code point order (C.UTF-8's): {@link Values#compareStrings} and the UTF-16-safe {@link Values#textSortKey}. */
class TextOrderTest {
    /** In code point order: ASCII, Latin-1, U+D7FF, U+E000, U+FF71, then past U+FFFF (surrogate pairs in Java). */
    private static final List<String> ORDERED = List.of("", "a", "aｱ", "a😀", "b", "é", "\uD7FF", "\uE000", "ｱ", "ｱｱ",
            "😀", "😀😀", "\uDBFF\uDFFF");

    @Test
    void compareStringsIsCodePointOrder() {
        for (int i = 0; i < ORDERED.size(); i++) {
            for (int j = 0; j < ORDERED.size(); j++) {
                String a = ORDERED.get(i);
                String b = ORDERED.get(j);
                assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(Values.compareStrings(a, b)),
                        a + " vs " + b);
            }
        }
    }

    @Test
    void sortKeyOrdersAlikeUnderUtf16AndCodePointOrder() {
        for (int i = 0; i < ORDERED.size(); i++) {
            for (int j = 0; j < ORDERED.size(); j++) {
                String a = Values.textSortKey(ORDERED.get(i));
                String b = Values.textSortKey(ORDERED.get(j));
                int expected = Integer.signum(Integer.compare(i, j));
                assertEquals(expected, Integer.signum(a.compareTo(b)), ORDERED.get(i) + " vs " + ORDERED.get(j));
                assertEquals(expected, Integer.signum(Values.compareStrings(a, b)), ORDERED.get(i) + " vs " + ORDERED.get(j));
            }
        }
        assertEquals("abc", Values.textSortKey("abc"));
    }
}
