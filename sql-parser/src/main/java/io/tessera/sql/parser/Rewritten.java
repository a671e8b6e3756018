package io.tessera.sql.parser;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A statement whose PostgreSQL parameters ({@code $1 .. $n}) were replaced by Calcite's {@code ?}, with what is
 * needed to undo the replacement: the PostgreSQL number behind each {@code ?}, and a map from positions in the
 * rewritten text back to the text the client sent (so that error positions refer to what psql shows).
 *
 * <p>Example: {@code select $2, $1 || $2} becomes {@code select ?, ? || ?} with parameter numbers
 * {@code [2, 1, 2]}: Calcite's dynamic parameter index {@code i} (0-based, in textual order) stands for
 * PostgreSQL's {@code $parameterNumbers().get(i)}.
 */
public final class Rewritten {
    private final String originalSql;
    private final String sql;
    private final List<Integer> parameterNumbers;
    /** Offsets in {@link #sql} of each replacement (a {@code ?} or a {@link PgSyntax} edit), ascending. */
    private final int[] rewrittenOffsets;
    /**
     * Characters removed by each replacement ({@code "$12"} → {@code "?"} removes 2); negative when the
     * replacement is longer than what it replaced.
     */
    private final int[] shrinks;

    Rewritten(String originalSql, String sql, List<Integer> parameterNumbers, int[] rewrittenOffsets,
            int[] shrinks) {
        assert shrinks.length == rewrittenOffsets.length
                : "shrinks=" + Arrays.toString(shrinks) + " offsets=" + Arrays.toString(rewrittenOffsets);
        this.originalSql = Objects.requireNonNull(originalSql);
        this.sql = Objects.requireNonNull(sql);
        this.parameterNumbers = List.copyOf(parameterNumbers);
        this.rewrittenOffsets = rewrittenOffsets;
        this.shrinks = shrinks;
    }

    /**
     * The text to give Calcite: every {@code $n} replaced by {@code ?}, and PostgreSQL-only syntax Calcite's
     * grammar lacks put in the form it parses (see {@link PgSyntax}).
     */
    public String sql() {
        return sql;
    }

    /** The text as the client sent it. */
    public String originalSql() {
        return originalSql;
    }

    /**
     * For each {@code ?} in {@link #sql()}, in textual order, the PostgreSQL parameter number (1-based) it
     * stands for. Numbers may repeat and need not ascend.
     */
    public List<Integer> parameterNumbers() {
        return parameterNumbers;
    }

    /**
     * How many parameters the statement declares in PostgreSQL's sense: the highest {@code $n} used, 0 when
     * none ({@code $3} alone implies three parameters, two of them unused).
     */
    public int parameterCount() {
        return parameterNumbers.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * Maps a 0-based character offset in {@link #sql()} to the offset in {@link #originalSql()}. An offset at a
     * {@code ?} maps to the {@code $} of the parameter it replaced; an offset past the end maps past the end.
     */
    public int originalOffset(int rewrittenOffset) {
        int offset = rewrittenOffset;
        for (int i = 0; i < rewrittenOffsets.length && rewrittenOffsets[i] < rewrittenOffset; i++) {
            offset += shrinks[i];
        }
        return offset;
    }

    /**
     * The same statement with {@code sql} as its text: a text of the same length whose parameters and edits lie
     * where this one's do (or are blanked out), so that positions map back as before ({@link DmlClauses}).
     */
    Rewritten withSql(String sql) {
        assert sql.length() == this.sql.length() : sql.length() + " != " + this.sql.length();
        return new Rewritten(originalSql, sql, parameterNumbers, rewrittenOffsets, shrinks);
    }

    /** The identity rewrite of a statement without parameters. */
    static Rewritten identity(String sql) {
        return new Rewritten(sql, sql, List.of(), new int[0], new int[0]);
    }

    @Override
    public String toString() {
        return sql + " " + parameterNumbers;
    }
}
