package io.tessera.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Case mapping as PostgreSQL 15's under C.UTF-8 (values taken from a PostgreSQL database of that locale). */
class TextCaseTest {
    @Test
    void initcapUppersAfterNonAlphanumericsAndLowersAfterLettersAndDigits() {
        assertEquals("Élan Élan Straße Ǆx", TextCase.initcap("élan ÉLAN straße ǆx"));
        assertEquals("3élan-Été", TextCase.initcap("3élan-été"));
        assertEquals("日本語abc Déf", TextCase.initcap("日本語abc déf"));
        assertEquals("Σίσυφοσ", TextCase.initcap("ΣΊΣΥΦΟΣ")); // towlower per character: no final sigma
        assertNull(TextCase.initcap(null));
    }

    @Test
    void upperAndLowerMapEachCharacterOnItsOwn() {
        assertEquals("STRAßE", TextCase.upper("straße"));
        assertEquals("i", TextCase.lower("İ"));
        assertEquals("Ǆ", TextCase.upper("ǆ"));
        assertEquals("σ", TextCase.lower("Σ"));
    }
}
