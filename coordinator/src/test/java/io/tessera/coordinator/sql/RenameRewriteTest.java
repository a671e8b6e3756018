package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.SequenceDef;
import org.junit.jupiter.api.Test;

/** The text rewrites that stand in for PostgreSQL's references by OID when a sequence, table or view is renamed. */
class RenameRewriteTest {
    @Test
    void aDefaultFollowsItsRenamedSequenceQualified() {
        assertEquals("nextval('public.s2')", SequenceDdl.renamedIn("nextval('s')", "s", sequence(null, "s2")));
        assertEquals("nextval('public.\"S 2\"') + nextval('t')",
                SequenceDdl.renamedIn("nextval('public.s') + nextval('t')", "s", sequence(null, "S 2")));
        assertEquals("nextval('\"S\"')", SequenceDdl.renamedIn("nextval('\"S\"')", "s", sequence(null, "x")));
        assertEquals("nextval('b.q')", SequenceDdl.renamedIn("nextval('a.q')", "a.q", sequence("b", "q")));
        assertEquals("nextval('a.q')", SequenceDdl.renamedIn("nextval('a.q')", "q", sequence("b", "q")));
    }

    @Test
    void aRegclassTextNamesItsCatalogKey() {
        assertEquals("q", SequenceDdl.regclassKey("public.q"));
        assertEquals("q", SequenceDdl.regclassKey("Q"));
        assertEquals("s.q", SequenceDdl.regclassKey("S.q"));
        assertEquals("My Q", SequenceDdl.regclassKey("\"My Q\""));
        assertEquals("s.q", SequenceDdl.sequenceOf("nextval('s.q'::regclass)"));
    }

    private static SequenceDef sequence(String schema, String name) {
        return new SequenceDef(1, "postgres", name, PgType.INT8, 1, 1, Long.MAX_VALUE, 1, 1, false, null, null, 0,
                null, schema);
    }

    @Test
    void aViewsFromItemsFollowTheirRenamedTable() {
        assertEquals("select t.a from \"u\" AS \"t\" where t.a > 1",
                ViewDdl.renamedIn("select t.a from t where t.a > 1", "t", "u"));
        assertEquals("select x.a from \"u\" x join \"u\" AS \"t\" on t.a = x.a",
                ViewDdl.renamedIn("select x.a from t x join t on t.a = x.a", "t", "u"));
        assertEquals("select a from other where a in (select a from \"u\" AS \"t\")",
                ViewDdl.renamedIn("select a from other where a in (select a from t)", "t", "u"));
        assertEquals("select t from \"u\" AS \"t\"", ViewDdl.renamedIn("select t from public.t", "t", "u"));
    }
}
