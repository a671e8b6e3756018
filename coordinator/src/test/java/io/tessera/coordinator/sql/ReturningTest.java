package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.sql.exec.Cancellation;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.protocol.datanode.OnConflict;
import io.tessera.sql.parser.DmlClauses;
import io.tessera.sql.parser.Rewritten;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlInsert;
import org.junit.jupiter.api.Test;

/**
 * RETURNING lists and ON CONFLICT clauses planned against a table: PostgreSQL's column names, values computed over
 * written rows, parameters numbered after the statement's, and the arbiter's errors.
 */
class ReturningTest {
    private static final TableDef T = new TableDef(7, "postgres", "public", "t",
            List.of(new ColumnDef("a", PgType.INT4, -1, true), new ColumnDef("b", PgType.TEXT, -1, false),
                    new ColumnDef("c", PgType.INT4, -1, false)),
            Distribution.create(Distribution.Kind.HASH, "a", List.of("dn1", "dn2")), List.of("a"));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", Map.of("t", T)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    private static StatementContext ctx(List<Object> params) {
        return new StatementContext(CATALOG, null, null, params, new Cancellation());
    }

    private Returning returning(String sql) {
        DmlClauses clauses = DmlClauses.split(TesseraSqlParser.rewriteParameters(sql));
        Rewritten statement = clauses.statement();
        SqlNode node = TesseraSqlParser.parse(statement);
        SqlNode target = node instanceof SqlUpdate u ? Returning.aliased(u.getTargetTable(), u.getAlias())
                : ((SqlInsert) node).getTargetTable();
        return Returning.plan(planner, T, target, clauses.returning(), statement.parameterNumbers(), List.of(),
                p -> p);
    }

    @Test
    void namesColumnsAsPostgresAndComputesOverWrittenRows() {
        Returning r = returning("insert into t values (1, 'x', 2) returning *, a + 1, upper(b), c as cc, b bb");
        assertEquals(List.of("a", "b", "c", "?column?", "upper", "cc", "bb"),
                r.columns().stream().map(Column::name).toList());
        List<Object[]> rows = r.project(List.of(new Object[] {1, "x", 2}, new Object[] {5, null, null}),
                ctx(List.of()));
        assertArrayEquals(new Object[] {1, "x", 2, 2, "X", 2, "x"}, rows.get(0));
        assertArrayEquals(new Object[] {5, null, null, 6, null, null, null}, rows.get(1));
    }

    @Test
    void readsColumnsThroughTheUpdatesAlias() {
        Returning r = returning("update t as h set c = 1 where h.a = 3 returning h.a, h.b");
        assertEquals(List.of("a", "b"), r.columns().stream().map(Column::name).toList());
        assertArrayEquals(new Object[] {3, "y"}, r.project(List.<Object[]>of(new Object[] {3, "y", 1}),
                ctx(List.of())).get(0));
    }

    @Test
    void parametersFollowTheStatements() {
        Returning r = returning("update t set c = $1 where a = $2 returning c + $3");
        assertEquals(1, r.parameterTypes().size());
        assertArrayEquals(new Object[] {17}, r.project(List.<Object[]>of(new Object[] {3, "y", 7}),
                ctx(List.of(1, 3, 10))).get(0));
    }

    @Test
    void divisionByZeroIsPostgresError() {
        Returning r = returning("insert into t values (1) returning 1 / c");
        TesseraException e = assertThrows(TesseraException.class,
                () -> RuntimeErrors.translate(catchAll(() -> r.project(List.<Object[]>of(new Object[] {1, null, 0}),
                        ctx(List.of())))));
        assertEquals(SqlState.DIVISION_BY_ZERO, e.sqlState());
    }

    private static RuntimeException catchAll(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            if (e instanceof TesseraException te) {
                throw te;
            }
            return e;
        }
    }

    @Test
    void unknownColumnIs42703() {
        TesseraException e = assertThrows(TesseraException.class, () -> returning("insert into t values (1) returning nosuch"));
        assertEquals(SqlState.UNDEFINED_COLUMN, e.sqlState());
    }

    private OnConflictPlanner.Plan onConflict(String sql) {
        DmlClauses clauses = DmlClauses.split(TesseraSqlParser.rewriteParameters(sql));
        SqlInsert insert = (SqlInsert) TesseraSqlParser.parse(clauses.statement());
        return OnConflictPlanner.plan(planner, T, (SqlIdentifier) insert.getTargetTable(), clauses.onConflict(),
                clauses.statement().parameterNumbers(), List.of(), p -> p);
    }

    @Test
    void doUpdateReadsExistingThenExcludedColumns() {
        OnConflictPlanner.Plan p = onConflict("insert into t values ($1, 'x', 1) on conflict (a) do update set "
                + "c = t.c + excluded.c + $2::int where t.b <> excluded.b");
        assertEquals(1, p.parameterTypes().size());
        OnConflict proto = p.toProto(T, ctx(List.of(1, 5)));
        assertEquals(2, proto.getAssignments(0).getColumn());
        String set = proto.getAssignments(0).getValue().toString();
        // t.c is input 2, excluded.c is input 3 + 2 = 5, $2 bound to 5
        org.junit.jupiter.api.Assertions.assertTrue(set.contains("column: 2") && set.contains("column: 5"), set);
        org.junit.jupiter.api.Assertions.assertTrue(proto.hasFilter());
    }

    @Test
    void arbiterErrorsArePostgres() {
        assertEquals(SqlState.INVALID_COLUMN_REFERENCE, assertThrows(TesseraException.class,
                () -> onConflict("insert into t values (1) on conflict (b) do nothing")).sqlState());
        assertEquals(SqlState.UNDEFINED_COLUMN, assertThrows(TesseraException.class,
                () -> onConflict("insert into t values (1) on conflict (nosuch) do nothing")).sqlState());
        assertEquals(SqlState.UNDEFINED_OBJECT, assertThrows(TesseraException.class,
                () -> onConflict("insert into t values (1) on conflict on constraint nope do nothing")).sqlState());
        assertEquals(SqlState.SYNTAX_ERROR, assertThrows(TesseraException.class,
                () -> onConflict("insert into t values (1) on conflict do update set b = 'x'")).sqlState());
        assertEquals(false, onConflict("insert into t values (1) on conflict on constraint t_pkey do nothing")
                .doUpdate());
        assertNull(null);
    }
}
