package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.protocol.expr.Expr;
import java.util.List;

/**
 * A table's CHECK constraints compiled once for the rows a statement writes, tested on each new row where it is
 * written (the datanode applying an UPDATE or an INSERT ... ON CONFLICT DO UPDATE). As in PostgreSQL a constraint
 * fails only when its expression is FALSE: NULL passes. Immutable and thread-safe.
 */
public final class CheckConstraints {
    /**
     * How the name of a NOT NULL test starts ({@link #notNullName}): such a test is an assigned NOT NULL column's
     * {@code col IS NOT NULL}, which fails with 23502 instead of 23514. No SQL name holds a NUL character, and the
     * prefix sorts these tests first, in column order, as PostgreSQL tests NOT NULL before CHECK constraints.
     */
    private static final String NOT_NULL = "\u0000not null ";

    /** The name of column {@code column}'s NOT NULL test, {@code name} being its name. */
    public static String notNullName(int column, String name) {
        return NOT_NULL + String.format(java.util.Locale.ROOT, "%05d", column) + name;
    }

    private final String[] names;
    private final CompiledExpr[] tests;
    private final List<PgType> types;

    private CheckConstraints(String[] names, CompiledExpr[] tests, List<PgType> types) {
        this.names = names;
        this.tests = tests;
        this.types = types;
    }

    /**
     * Compiles constraints over rows of {@code types} (the table's columns, in order).
     *
     * @param names the constraints' names, one per expression
     * @param exprs boolean expressions over the table's columns
     * @throws TesseraException 42804 when an expression is not boolean
     */
    public static CheckConstraints compile(List<String> names, List<Expr> exprs, List<PgType> types) {
        if (names.size() != exprs.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + exprs.size() + " constraints");
        }
        CompiledExpr[] tests = new CompiledExpr[exprs.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = CompiledExpr.compile(exprs.get(i), types);
            if (tests[i].type() != PgType.BOOL) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH, "check constraint \"" + names.get(i)
                        + "\" is of type " + tests[i].type().sqlName() + ", not boolean");
            }
        }
        return new CheckConstraints(names.toArray(String[]::new), tests, List.copyOf(types));
    }

    /**
     * Tests {@code row} against every constraint, in order.
     *
     * @param relation the table's name, for the message
     * @throws TesseraException 23502 for a NOT NULL test ({@link #notNullName}) that fails, else 23514 naming the
     *     first constraint whose expression is FALSE, both with PostgreSQL's
     *     detail {@code Failing row contains (...)} (the row's text output, {@code null} for NULL)
     */
    public void verify(Object[] row, String relation) {
        for (int i = 0; i < tests.length; i++) {
            if (Boolean.FALSE.equals(tests[i].eval(row))) {
                if (names[i].startsWith(NOT_NULL)) {
                    throw new TesseraException(SqlState.NOT_NULL_VIOLATION, "null value in column \""
                            + names[i].substring(NOT_NULL.length() + 5) + "\" of relation \"" + relation
                            + "\" violates not-null constraint", failingRow(row, types), null, 0, null);
                }
                throw new TesseraException(SqlState.CHECK_VIOLATION, "new row for relation \"" + relation
                        + "\" violates check constraint \"" + names[i] + "\"", failingRow(row, types), null, 0, null);
            }
        }
    }

    /** PostgreSQL's detail of a constraint violation: {@code Failing row contains (1, null, abc).} */
    public static String failingRow(Object[] row, List<PgType> types) {
        StringBuilder b = new StringBuilder("Failing row contains (");
        for (int c = 0; c < types.size(); c++) {
            b.append(c > 0 ? ", " : "").append(row[c] == null ? "null" : Casts.toText(row[c], types.get(c)));
        }
        return b.append(").").toString();
    }

    /** Number of constraints. */
    public int size() {
        return tests.length;
    }
}
