package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.sql.constraint.ForeignKeys;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.QueryResult;
import io.tessera.coordinator.sql.exec.Coercion;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * The DEFAULT values of the columns a {@code COPY ... FROM} leaves out, as PostgreSQL's COPY fills them: every
 * column that has a default and is not in the column list gets it, evaluated for each row
 * (https://www.postgresql.org/docs/15/sql-copy.html).
 * <ul>
 *   <li>{@code nextval('seq')} (serial and identity columns) draws from the sequence for every row, through the
 *       statement's sequence access, so most values need no network round trip;</li>
 *   <li>{@code gen_random_uuid()} is a new uuid for every row;</li>
 *   <li>a default without a volatile function (a constant, {@code now()}, {@code current_date}, an expression of
 *       them) has one value for the whole statement, as {@code now()} has in PostgreSQL; it is evaluated once by
 *       the coordinator's query engine, before the rows come;</li>
 *   <li>any other volatile default ({@code random()}, {@code clock_timestamp()}, ...) is refused (0A000): the rows
 *       would need a query per row.</li>
 * </ul>
 * Columns without a default are left out of the row and stored as NULL (23502 for a NOT NULL column, from the
 * insert path).
 */
final class CopyDefaults {
    /** One filled column: its index in the table and how a row's value is made. */
    private record Filled(int column, Function<StatementContext, Object> value) {
    }

    private final List<Filled> filled;

    private CopyDefaults(List<Filled> filled) {
        this.filled = filled;
    }

    /**
     * Plans the defaults of {@code table}'s columns not in {@code targets}, evaluating the non-volatile ones now.
     *
     * @param query plans a query statement (the session's planner); executed once per non-volatile default
     * @throws TesseraException 0A000 for a volatile default other than nextval and gen_random_uuid; the errors of
     *     evaluating a default (22P02, 22003, ...) or of storing its value in the column (22001, ...)
     */
    static CopyDefaults plan(TableDef table, List<ColumnDef> targets,
            Function<Supplier<SqlNode>, PreparedStatement> query) {
        List<Filled> filled = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            ColumnDef col = table.columns().get(c);
            if (col.defaultExpr() == null || targets.stream().anyMatch(x -> x.name().equals(col.name()))) {
                continue;
            }
            SqlNode expr = InsertDefaults.expression(col.defaultExpr());
            String sequence = nextvalOf(expr);
            if (sequence != null) {
                filled.add(new Filled(c, ctx -> ctx.sequences().nextval(sequence)));
            } else if (isCall(expr, "gen_random_uuid")) {
                filled.add(new Filled(c, ctx -> io.tessera.executor.expr.Uuids.random()));
            } else if (AlterColumnDdl.volatileCall(expr)) {
                throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "COPY FROM that leaves out column \""
                        + col.name() + "\" is not supported: its DEFAULT " + col.defaultExpr()
                        + " is volatile", null, "List the column in the COPY, or load with INSERT.", 0, null);
            } else {
                Object value = Coercion.toColumn(once(query, AlterColumnDdl.cast(col.defaultExpr(), col)),
                        col.withNotNull(false), table.name());
                filled.add(new Filled(c, ctx -> value));
            }
        }
        return new CopyDefaults(filled);
    }

    /**
     * The DEFAULTs of the columns that the SET DEFAULT actions of {@code targets} assign, each evaluated once now;
     * a volatile one (nextval, random(), ...) is {@link ForeignKeys#VOLATILE_DEFAULT}.
     *
     * @param query plans a query statement (the session's planner)
     * @param checks the CHECK constraints of a table as the datanodes test them ({@link CheckPlanner}), asked once
     *     per table when an action first rewrites its rows
     * @throws TesseraException the errors of evaluating a default or of storing its value in the column
     */
    static ForeignKeys.Defaults of(List<ForeignKeys.Reference> targets,
            Function<Supplier<SqlNode>, PreparedStatement> query,
            Function<TableDef, List<io.tessera.protocol.datanode.CheckConstraint>> checks) {
        java.util.Map<List<Integer>, Object> values = new java.util.HashMap<>();
        for (ForeignKeys.Reference r : targets) {
            TableDef t = r.child();
            for (String name : r.fk().columns()) {
                int c = t.columnIndex(name);
                ColumnDef col = t.columns().get(c);
                if (col.defaultExpr() == null || values.containsKey(List.of(t.id(), c))) {
                    continue;
                }
                SqlNode expr = InsertDefaults.expression(col.defaultExpr());
                values.put(List.of(t.id(), c), AlterColumnDdl.volatileCall(expr) || nextvalOf(expr) != null
                        ? ForeignKeys.VOLATILE_DEFAULT : Coercion.toColumn(once(query, AlterColumnDdl.cast(
                                col.defaultExpr(), col)), col.withNotNull(false), t.name()));
            }
        }
        java.util.Map<Integer, List<io.tessera.protocol.datanode.CheckConstraint>> planned = new java.util.HashMap<>();
        return new ForeignKeys.Defaults() {
            @Override
            public Object value(TableDef t, int c) {
                return values.get(List.of(t.id(), c));
            }

            @Override
            public List<io.tessera.protocol.datanode.CheckConstraint> checks(TableDef t) {
                return t.checks().isEmpty() ? List.of() : planned.computeIfAbsent(t.id(), id -> checks.apply(t));
            }
        };
    }

    /** Whether no column is filled. */
    boolean isEmpty() {
        return filled.isEmpty();
    }

    /** The filled columns' indexes in the table, in the order {@link #complete} appends their values. */
    int[] columns() {
        return filled.stream().mapToInt(Filled::column).toArray();
    }

    /** {@code row} (one value per listed column) followed by one value per filled column. */
    Object[] complete(Object[] row, StatementContext ctx) {
        Object[] out = java.util.Arrays.copyOf(row, row.length + filled.size());
        for (int i = 0; i < filled.size(); i++) {
            out[row.length + i] = filled.get(i).value().apply(ctx);
        }
        return out;
    }

    private static Object once(Function<Supplier<SqlNode>, PreparedStatement> query, String expr) {
        String sql = "SELECT " + expr;
        QueryResult rows = query.apply(() -> TesseraSqlParser.parse(sql)).execute(List.of());
        try {
            Object[] row = rows.next();
            return row == null ? null : row[0];
        } finally {
            rows.close();
        }
    }

    /** The sequence name of {@code nextval('name')} (with or without {@code ::regclass}), or null. */
    private static String nextvalOf(SqlNode expr) {
        if (!isCall(expr, "nextval") || ((SqlCall) expr).operandCount() != 1) {
            return null;
        }
        SqlNode arg = ((SqlCall) expr).operand(0);
        if (arg.getKind() == SqlKind.CAST) {
            arg = ((SqlCall) arg).operand(0);
        }
        return arg instanceof SqlCharStringLiteral s ? s.getValueAs(String.class) : null;
    }

    private static boolean isCall(SqlNode expr, String name) {
        return expr instanceof SqlCall call && call.getOperator().getName().toLowerCase(Locale.ROOT).equals(name);
    }
}
