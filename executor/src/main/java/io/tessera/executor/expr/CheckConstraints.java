package io.tessera.executor.expr;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.protocol.datanode.CheckConstraint;
import java.util.List;

/**
 * A table's CHECK constraints compiled once for the rows a statement writes, tested on each new row where it is
 * written (the datanode applying an UPDATE or an INSERT ... ON CONFLICT DO UPDATE). As in PostgreSQL a constraint
 * fails only when its expression is FALSE: NULL passes. Immutable and thread-safe.
 */
public final class CheckConstraints {
    private final String[] names;
    private final boolean[] notNull;
    private final CompiledExpr[] tests;
    private final List<PgType> types;

    private CheckConstraints(String[] names, boolean[] notNull, CompiledExpr[] tests, List<PgType> types) {
        this.names = names;
        this.notNull = notNull;
        this.tests = tests;
        this.types = types;
    }

    /**
     * Compiles constraints over rows of {@code types} (the table's columns, in order), tested in the given order:
     * a planner puts the NOT NULL tests first, as PostgreSQL's executor tests NOT NULL before CHECK constraints.
     *
     * @param constraints boolean expressions over the table's columns, each named by its constraint, or for a
     *     NOT NULL test ({@code not_null}) by its column
     * @throws TesseraException 42804 when an expression is not boolean
     */
    public static CheckConstraints compile(List<CheckConstraint> constraints, List<PgType> types) {
        int n = constraints.size();
        String[] names = new String[n];
        boolean[] notNull = new boolean[n];
        CompiledExpr[] tests = new CompiledExpr[n];
        for (int i = 0; i < n; i++) {
            CheckConstraint c = constraints.get(i);
            names[i] = c.getName();
            notNull[i] = c.getNotNull();
            tests[i] = CompiledExpr.compile(c.getExpr(), types);
            if (tests[i].type() != PgType.BOOL) {
                throw new TesseraException(SqlState.DATATYPE_MISMATCH, "check constraint \"" + names[i]
                        + "\" is of type " + tests[i].type().sqlName() + ", not boolean");
            }
        }
        return new CheckConstraints(names, notNull, tests, List.copyOf(types));
    }

    /**
     * Tests {@code row} against every constraint, in order.
     *
     * @param relation the table's name, for the message
     * @throws TesseraException 23502 for a NOT NULL test that fails, else 23514 naming the
     *     first constraint whose expression is FALSE, both with PostgreSQL's
     *     detail {@code Failing row contains (...)} (the row's text output, {@code null} for NULL)
     */
    public void verify(Object[] row, String relation) {
        for (int i = 0; i < tests.length; i++) {
            if (Boolean.FALSE.equals(tests[i].eval(row))) {
                if (notNull[i]) {
                    throw new TesseraException(SqlState.NOT_NULL_VIOLATION, "null value in column \""
                            + names[i] + "\" of relation \"" + relation
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
