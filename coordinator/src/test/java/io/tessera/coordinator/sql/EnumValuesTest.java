package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.EnumTypeDef;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.junit.jupiter.api.Test;

/** Planning with enum values: their types, the keys literals become, and PostgreSQL's errors. */
class EnumValuesTest {
    private static final EnumTypeDef MOOD = new EnumTypeDef(100, "postgres", "mood", "tessera", List.of(
            new EnumTypeDef.Label(20001, "sad", "V", 1), new EnumTypeDef.Label(20002, "ok", "k", 2),
            new EnumTypeDef.Label(20003, "happy", "s", 3)));
    private static final EnumTypeDef COLOR = new EnumTypeDef(101, "postgres", "color", "tessera", List.of(
            new EnumTypeDef.Label(20011, "red", "V", 1)));
    private static final TableDef T = new TableDef(7, "postgres", "public", "t", List.of(
            new ColumnDef("id", PgType.INT4, -1, true), EnumValues.column("m", MOOD, false),
            EnumValues.column("c", COLOR, false), new ColumnDef("note", PgType.TEXT, -1, false)),
            Distribution.create(Distribution.Kind.HASH, "m", List.of("dn1", "dn2")));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21),
                    "dn2", new NodeDef("dn2", 'D', "127.0.0.1", 5493, 22)),
            Map.of(), Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")),
            Map.of("postgres", Map.of("t", T)), Map.of(), Map.of(), Map.of(),
            Map.of("postgres", Map.of("mood", MOOD, "color", COLOR)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    private QueryPlanner.Optimized optimize(String sql) {
        return planner.optimize(PgRewriter.rewrite(TesseraSqlParser.parse(sql)));
    }

    private static TesseraException error(Runnable r) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run);
        Throwable t = e;
        while (t != null && !(t instanceof TesseraException)) {
            t = t.getCause();
        }
        assertNotNull(t, () -> "not a TesseraException: " + e);
        return (TesseraException) t;
    }

    @Test
    void anEnumColumnHasItsEnumType() {
        RelDataType m = optimize("select m from t").rowType().getFieldList().get(0).getType();
        assertEquals(MOOD.oid(), EnumValues.of(m).oid());
        assertEquals(MOOD.oid(), EnumValues.oid(m, 0));
    }

    @Test
    void aLiteralCastToTheEnumIsItsKey() {
        QueryPlanner.Optimized o = optimize("select 'ok'::mood, 'ok'::mood::text");
        assertEquals(MOOD.oid(), EnumValues.oid(o.rowType().getFieldList().get(0).getType(), 0));
        assertTrue(EnumValues.of(o.rowType().getFieldList().get(1).getType()) == null);
        String p = RelOptUtil.toString(o.rel());
        assertTrue(p.contains("'k'"), p);
    }

    @Test
    void aComparisonWithAStringLiteralComparesKeys() {
        String p = RelOptUtil.toString(optimize("select id from t where m > 'sad' and m <> 'happy'").rel());
        assertTrue(p.contains("'V'") && p.contains("'s'"), p);
        assertFalse(p.contains("sad") || p.contains("happy"), p);
        p = RelOptUtil.toString(optimize("select id from t where m in ('sad', 'ok')").rel());
        assertTrue(p.contains("'V'") && p.contains("'k'"), p);
    }

    @Test
    void anUnknownLabelIs22P02() {
        TesseraException e = error(() -> optimize("select 'nope'::mood"));
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, e.sqlState());
        assertEquals("invalid input value for enum mood: \"nope\"", e.getMessage());
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, error(() -> optimize("select id from t where m = 'x'")).sqlState());
    }

    @Test
    void anotherEnumTypeOrTextIs42883AndAnIntegerCast42846() {
        TesseraException e = error(() -> optimize("select id from t where m = c"));
        assertEquals(SqlState.UNDEFINED_FUNCTION, e.sqlState());
        assertEquals("operator does not exist: mood = color", e.getMessage());
        assertEquals("operator does not exist: mood = text",
                error(() -> optimize("select id from t where m = note")).getMessage());
        e = error(() -> optimize("select 1::mood"));
        assertEquals(SqlState.CANNOT_COERCE, e.sqlState());
        assertEquals("cannot cast type integer to mood", e.getMessage());
    }

    @Test
    void textExpressionsConvertAtRunTime() {
        String p = RelOptUtil.toString(optimize("select m::text || '!', (note || '')::mood from t").rel());
        assertTrue(p.contains("tessera_enum_out") && p.contains("tessera_enum_in"), p);
    }

    @Test
    void runtimeConversionsUseTheTypesLabels() {
        String map = EnumValues.mapString(MOOD);
        assertEquals("k", EnumValues.enumIn("ok", map));
        assertEquals("ok", EnumValues.enumOut("k", map));
        TesseraException e = assertThrows(TesseraException.class, () -> EnumValues.enumIn("no", map));
        assertEquals("invalid input value for enum mood: \"no\"", e.getMessage());
    }

    @Test
    void enumFirstAndLastAreTheEndLabelsKeys() {
        QueryPlanner.Optimized o = optimize("select enum_first(null::mood), enum_last(m) from t");
        assertEquals(MOOD.oid(), EnumValues.oid(o.rowType().getFieldList().get(0).getType(), 0));
        String p = RelOptUtil.toString(o.rel());
        assertTrue(p.contains("'V'") && p.contains("'s'"), p);
        assertEquals(SqlState.UNDEFINED_FUNCTION, error(() -> optimize("select enum_first(1)")).sqlState());
    }
}
