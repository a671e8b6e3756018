package io.tessera.coordinator.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text rewrites that stand in for PostgreSQL's references by OID when a sequence, table or view is renamed. */
class RenameRewriteTest {
    @Test
    void aDefaultFollowsItsRenamedSequence() {
        assertEquals("nextval('s2')", SequenceDdl.renamedIn("nextval('s')", "s", "s2"));
        assertEquals("nextval('\"S 2\"') + nextval('t')",
                SequenceDdl.renamedIn("nextval('public.s') + nextval('t')", "s", "S 2"));
        assertEquals("nextval('\"S\"')", SequenceDdl.renamedIn("nextval('\"S\"')", "s", "x"));
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
