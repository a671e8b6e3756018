package io.tessera.coordinator.catalog;

/**
 * The stored form of enum values: strings whose order (bytewise, which for their ASCII alphabet is also
 * {@link String#compareTo}) is the enum's sort order, and between any two of which another can always be made.
 *
 * <p>Why not PostgreSQL's own form: PostgreSQL stores a label's OID and looks up its float4 {@code enumsortorder} to
 * compare; when ADD VALUE ... BEFORE runs out of float4 precision it renumbers the whole type. Tessera keeps rows in
 * RocksDB keyed by their order-preserving encoding and hashes values to shards, so a stored value must order by
 * itself and must never change: a renumbering would silently reorder every index and move every row. A string key
 * has room between any two keys, so adding a value never touches an existing one, and a rename changes only the
 * catalog.
 *
 * <p>Keys are base-62 fractions {@code 0.d1d2d3...} written as their digits over {@code 0-9A-Za-z}, never ending
 * in {@code '0'} (so a key strictly between two is always found). {@link #between} is the midpoint algorithm of
 * David Greenspan's "Implementing Fractional Indexing" (observablehq.com/@dgreensp/implementing-fractional-indexing).
 */
public final class EnumSortKeys {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = DIGITS.length();

    private EnumSortKeys() {
    }

    /**
     * A key strictly between {@code low} and {@code high}.
     *
     * @param low the key below, or null for the start
     * @param high the key above, or null for the end
     * @throws IllegalArgumentException when {@code low >= high}
     */
    public static String between(String low, String high) {
        String a = low == null ? "" : low;
        if (high != null && a.compareTo(high) >= 0) {
            throw new IllegalArgumentException(low + " >= " + high);
        }
        return midpoint(a, high);
    }

    private static String midpoint(String a, String b) {
        if (b != null) {
            int n = 0;
            while (n < b.length() && (n < a.length() ? a.charAt(n) : '0') == b.charAt(n)) {
                n++;
            }
            if (n > 0) {
                return b.substring(0, n) + midpoint(n < a.length() ? a.substring(n) : "", b.substring(n));
            }
        }
        int da = a.isEmpty() ? 0 : DIGITS.indexOf(a.charAt(0));
        int db = b == null ? BASE : DIGITS.indexOf(b.charAt(0));
        if (db - da > 1) {
            return String.valueOf(DIGITS.charAt((da + db) / 2));
        }
        if (b != null && b.length() > 1) {
            return b.substring(0, 1);
        }
        return DIGITS.charAt(da) + midpoint(a.isEmpty() ? "" : a.substring(1), null);
    }
}
