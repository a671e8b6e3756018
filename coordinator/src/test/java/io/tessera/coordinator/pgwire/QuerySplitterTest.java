package io.tessera.coordinator.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Semicolons split statements only where PostgreSQL's lexer would see them. */
class QuerySplitterTest {
    private static List<String> split(String q) {
        return QuerySplitter.split(q).stream().map(QuerySplitter.Statement::sql).toList();
    }

    @Test
    void splitsAtTopLevelSemicolonsAndDropsEmptyStatements() {
        assertEquals(List.of("BEGIN", "select 1", "END"), split("BEGIN;\n select 1 ;;END;"));
        assertEquals(List.of(), split(""));
        assertEquals(List.of(), split(" ; -- only a comment\n ; /* and /* nested */ one */"));
    }

    @Test
    void quotesIdentifiersAndCommentsHideSemicolons() {
        assertEquals(List.of("select 'a;b''c;'", "select 2"), split("select 'a;b''c;'; select 2"));
        assertEquals(List.of("select E'it\\'s;'", "x"), split("select E'it\\'s;';x"));
        assertEquals(List.of("select 'no\\'", "x"), split("select 'no\\';x")); // standard strings: backslash is literal
        assertEquals(List.of("select \"a;\"\"b\"", "x"), split("select \"a;\"\"b\";x"));
        assertEquals(List.of("select $$a;b$$, $tag$ $$ ; $tag$", "x"), split("select $$a;b$$, $tag$ $$ ; $tag$;x"));
        assertEquals(List.of("select $1, a$b", "x"), split("select $1, a$b;x"));
        assertEquals(List.of("select 1 -- c;\n", "x").get(1), split("select 1 -- c;\n;x").get(1));
        assertEquals(List.of("select /* a; /* b; */ c; */ 1", "x"), split("select /* a; /* b; */ c; */ 1;x"));
    }

    @Test
    void offsetsPointIntoTheWholeString() {
        List<QuerySplitter.Statement> s = QuerySplitter.split("select 1;  bogus");
        assertEquals(11, s.get(1).offset());
    }
}
