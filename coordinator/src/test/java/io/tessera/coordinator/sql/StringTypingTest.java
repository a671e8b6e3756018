package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.DatabaseDef;
import io.tessera.coordinator.catalog.Distribution;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.RoleDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.catalog.pgcatalog.PgTypeCatalog;
import io.tessera.sql.parser.TesseraSqlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The string types RowDescription reports ({@link StringTyping} through {@link ClientTypes}) are PostgreSQL's:
 * literals and expressions of them are text, a char(n) or varchar(n) column or cast keeps its type and typmod, and
 * CASE, COALESCE, VALUES and UNION take the common type. The comparison with a real PostgreSQL is corpus 177.
 */
class StringTypingTest {
    private static final TableDef T = new TableDef(20001, "postgres", "public", "st",
            List.of(new ColumnDef("id", PgType.INT4, -1, true), new ColumnDef("c3", PgType.BPCHAR, 7, false),
                    new ColumnDef("v5", PgType.VARCHAR, 9, false), new ColumnDef("t", PgType.TEXT, -1, false)),
            Distribution.create(Distribution.Kind.HASH, "id", List.of("dn1")), List.of("id"));
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot(3,
            Map.of("coord1", new NodeDef("coord1", 'C', "127.0.0.1", 5432, 11),
                    "dn1", new NodeDef("dn1", 'D', "127.0.0.1", 5492, 21)),
            Map.of("tessera", new RoleDef("tessera", 10, true)),
            Map.of("postgres", new DatabaseDef("postgres", 5, "tessera")), Map.of("postgres", Map.of("st", T)));

    private final QueryPlanner planner = new QueryPlanner(CATALOG, "postgres");

    /** format_type of each result column as RowDescription reports it. */
    private List<String> described(String sql) {
        QueryPlanner.Plan plan = planner.plan(PgRewriter.rewrite(TesseraSqlParser.parse(
                TesseraSqlParser.rewriteParameters(sql))));
        List<String> out = new ArrayList<>();
        for (io.tessera.coordinator.session.Column c : TesseraSession.columns(plan.rowType(), plan.clientTypes())) {
            out.add(PgTypeCatalog.formatType(c.typeOid(), c.typmod()));
        }
        return out;
    }

    @Test
    void literalsAndExpressionsOfThemAreText() {
        assertEquals(List.of("text", "text", "text", "text", "text"), described("select 'lit', 'a' || 'b', "
                + "case when true then 'a' else 'bc' end, coalesce('a', 'b'), upper('a')"));
        assertEquals(List.of("text"), described("select 'x' as c union select 'yy'"));
        assertEquals(List.of("text"), described("select c from (select 'a' as c) s"));
        assertEquals(List.of("text"), described("values ('a'), ('bc')"));
    }

    @Test
    void columnsAndCastsKeepTheirTypesAndCommonTypesArePostgres() {
        assertEquals(List.of("character(3)", "character varying(5)", "text", "character", "character varying",
                "text", "text", "character"), described("select c3, v5, t, coalesce(c3, 'x'), "
                + "case when id > 0 then v5 else 'ab' end, c3 || 'x', max(v5), coalesce(c3, v5) from st "
                + "group by c3, v5, t, id"));
        assertEquals(List.of("character(2)", "character varying", "text"),
                described("select (select 'a'::char(2)), 'a'::varchar, 'a'::text"));
        assertEquals(List.of("character(3)"), described("select x from (select c3 as x from st) s"));
    }
}
