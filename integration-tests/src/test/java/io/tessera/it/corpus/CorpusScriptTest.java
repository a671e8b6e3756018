package io.tessera.it.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The corpus file format: statement splitting, invariant comments, the PostgreSQL translation, ORDER BY detection. */
class CorpusScriptTest {
    @Test
    void splitsStatementsAtSemicolonsOutsideStringsAndKeepsTheirComments() {
        CorpusScript s = CorpusScript.parse("x.sql", """
                -- file header, not about a statement

                -- the invariant
                -- on two lines
                select 'a;b', "c;d", $$e;f$$ /* g; */;
                select E'h\\';i'
                  from t;
                """);
        assertEquals(List.of(new CorpusScript.Case("select 'a;b', \"c;d\", $$e;f$$ /* g; */",
                        "the invariant\n on two lines", 5),
                new CorpusScript.Case("select E'h\\';i'\n  from t", "", 6)), s.cases());
    }

    @Test
    void refusesAnUnterminatedStatementOrString() {
        assertThrows(IllegalArgumentException.class, () -> CorpusScript.parse("x.sql", "select 1"));
        assertThrows(IllegalArgumentException.class, () -> CorpusScript.parse("x.sql", "select 'a;\n"));
    }

    @Test
    void postgresGetsCreateTableWithoutTheDistributionClause() {
        CorpusScript.Case c = CorpusScript.parse("x.sql", """
                create table t (id int, s text) distribute by hash(id) to node (dn1, dn2);
                create table u (id int) DISTRIBUTE BY REPLICATION;
                create table v (id int) dist by roundrobin;
                """).cases().get(0);
        assertEquals("create table t (id int, s text)", c.postgresSql());
        List<CorpusScript.Case> all = CorpusScript.parse("x.sql",
                "create table u (id int) DISTRIBUTE BY REPLICATION; create table v (id int) dist by roundrobin;").cases();
        assertEquals("create table u (id int)", all.get(0).postgresSql());
        assertEquals("create table v (id int)", all.get(1).postgresSql());
    }

    @Test
    void onlyATopLevelOrderByOrdersTheResult() {
        assertTrue(CorpusScript.hasTopLevelOrderBy("select a from t order by a"));
        assertFalse(CorpusScript.hasTopLevelOrderBy("select row_number() over (order by a) from t"));
        assertFalse(CorpusScript.hasTopLevelOrderBy("select a from (select a from t order by a limit 3) s"));
        assertFalse(CorpusScript.hasTopLevelOrderBy("select 'order by' from t"));
    }

    @Test
    void everyShippedCorpusFileParses() throws IOException, URISyntaxException {
        Path dir = Path.of(CorpusScriptTest.class.getResource("/corpus").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                assertFalse(CorpusScript.parse(f.getFileName().toString(), Files.readString(f)).cases().isEmpty(),
                        f.toString());
            }
        }
    }
}
