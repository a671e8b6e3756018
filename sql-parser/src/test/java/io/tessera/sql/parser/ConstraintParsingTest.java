package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.sql.parser.ddl.SqlAlterTable;
import io.tessera.sql.parser.ddl.SqlCreateTesseraTable;
import io.tessera.sql.parser.ddl.TableConstraint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** UNIQUE and FOREIGN KEY constraints in CREATE TABLE and ALTER TABLE ... ADD, as PostgreSQL 15 writes them. */
class ConstraintParsingTest {
    @Test
    void columnAndTableConstraintsInCreateTable() {
        SqlCreateTesseraTable t = (SqlCreateTesseraTable) TesseraSqlParser.parse("create table c (id int primary key,"
                + " a int unique, p_id int references p on delete cascade, q int constraint q_fk references q (x)"
                + " match full on update set null on delete set default, b int, d int,"
                + " constraint c_bd unique (b, d), foreign key (b, d) references p2 (x, y) on delete restrict"
                + " on update no action)");
        assertEquals(List.of(new TableConstraint.Unique(null, List.of("a"))), t.columns().get(1).constraints());
        TableConstraint.ForeignKey p = (TableConstraint.ForeignKey) t.columns().get(2).constraints().get(0);
        assertEquals(List.of("p_id"), p.columns());
        assertEquals("p", p.refTable().getSimple());
        assertEquals(List.of(), p.refColumns());
        assertEquals('c', p.onDelete());
        assertEquals('a', p.onUpdate());
        TableConstraint.ForeignKey q = (TableConstraint.ForeignKey) t.columns().get(3).constraints().get(0);
        assertEquals("q_fk", q.name());
        assertEquals('f', q.matchType());
        assertEquals('n', q.onUpdate());
        assertEquals('d', q.onDelete());
        assertEquals(new TableConstraint.Unique("c_bd", List.of("b", "d")), t.constraints().get(0));
        TableConstraint.ForeignKey bd = (TableConstraint.ForeignKey) t.constraints().get(1);
        assertEquals(List.of("x", "y"), bd.refColumns());
        assertEquals('r', bd.onDelete());
    }

    @Test
    void alterTableAddsUniqueAndForeignKeys() {
        SqlAlterTable a = (SqlAlterTable) TesseraSqlParser.parse("alter table c add constraint u unique (a, b),"
                + " add foreign key (p_id) references p (id) not valid");
        TableConstraint u = ((SqlAlterTable.AddConstraint) a.actions().get(0)).constraint();
        assertEquals(new TableConstraint.Unique("u", List.of("a", "b")), u);
        TableConstraint.ForeignKey fk = (TableConstraint.ForeignKey) ((SqlAlterTable.AddConstraint) a.actions()
                .get(1)).constraint();
        assertTrue(fk.notValid());
        assertEquals(List.of("p_id"), fk.columns());
    }
}
