package io.tessera.executor.exec;

/**
 * One key of an ORDER BY as the executor runs it.
 *
 * @param column the index of the sorted column in the input row
 * @param descending DESC
 * @param nullsFirst whether NULLs sort before every value; PostgreSQL's default is NULLS LAST for ASC and NULLS
 *     FIRST for DESC (NULL is larger than every value), see the ORDER BY section of PostgreSQL's SELECT page
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
    /** The key with PostgreSQL's default NULL placement for its direction. */
    public static SortKey of(int column, boolean descending) {
        return new SortKey(column, descending, descending);
    }
}
