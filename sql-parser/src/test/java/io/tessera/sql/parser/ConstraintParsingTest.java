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

    @Test
    void foreignKeysTakeDeferrableAndInitiallyDeferredInAnyOrder() {
        SqlCreateTesseraTable t = (SqlCreateTesseraTable) TesseraSqlParser.parse("create table c (a int references p"
                + " deferrable initially deferred not null, b int references p initially deferred,"
                + " c int references p on delete cascade not deferrable, d int,"
                + " constraint d_fk foreign key (d) references p initially immediate deferrable)");
        TableConstraint.ForeignKey a = (TableConstraint.ForeignKey) t.columns().get(0).constraints().get(0);
        assertTrue(a.deferrable() && a.initiallyDeferred());
        assertTrue(t.columns().get(0).notNull(), "NOT NULL after the timing is the column's");
        TableConstraint.ForeignKey b = (TableConstraint.ForeignKey) t.columns().get(1).constraints().get(0);
        assertTrue(b.deferrable() && b.initiallyDeferred(), "INITIALLY DEFERRED implies DEFERRABLE");
        TableConstraint.ForeignKey c = (TableConstraint.ForeignKey) t.columns().get(2).constraints().get(0);
        assertTrue(!c.deferrable() && !c.initiallyDeferred());
        assertEquals('c', c.onDelete());
        TableConstraint.ForeignKey d = (TableConstraint.ForeignKey) t.constraints().get(0);
        assertTrue(d.deferrable() && !d.initiallyDeferred());
        SqlAlterTable alter = (SqlAlterTable) TesseraSqlParser.parse("alter table c add constraint e foreign key (a)"
                + " references p deferrable not valid");
        TableConstraint.ForeignKey e = (TableConstraint.ForeignKey) ((SqlAlterTable.AddConstraint) alter.actions()
                .get(0)).constraint();
        assertTrue(e.deferrable() && e.notValid());
    }

    @Test
    void timingErrorsAreSqlStates() {
        assertEquals("42601", sqlState("create table c (a int references p not deferrable initially deferred)"));
        assertEquals("0A000", sqlState("create table c (a int primary key deferrable)"));
        assertEquals("0A000", sqlState("create table c (a int, primary key (a) deferrable)"));
        assertEquals("0A000", sqlState("alter table c add primary key (a) initially deferred"));
        assertEquals("0A000", sqlState("create table c (a int, check (a > 0) deferrable)"));
        assertEquals("0A000", sqlState("alter table c add check (a > 0) initially deferred"));
        assertEquals("42601", sqlState("create table c (a int not null deferrable)"));
        assertEquals("42601", sqlState("create table c (a int check (a > 0) initially deferred)"));
        assertEquals("42601", sqlState("create table c (a int unique not deferrable initially deferred)"));
        TesseraSqlParser.parse("create table c (a int primary key not deferrable, b int unique initially immediate,"
                + " c int not null, check (c > 0) not deferrable)");
    }

    @Test
    void uniqueConstraintsTakeTheirTiming() {
        SqlCreateTesseraTable t = (SqlCreateTesseraTable) TesseraSqlParser.parse("create table c (a int unique"
                + " deferrable not null, b int, c int, unique (b) initially deferred, constraint cu unique (c)"
                + " deferrable initially immediate)");
        TableConstraint.Unique a = (TableConstraint.Unique) t.columns().get(0).constraints().get(0);
        assertTrue(a.deferrable() && !a.initiallyDeferred());
        assertTrue(t.columns().get(0).notNull(), "NOT NULL after the timing is the column's");
        TableConstraint.Unique b = (TableConstraint.Unique) t.constraints().get(0);
        assertTrue(b.deferrable() && b.initiallyDeferred(), "INITIALLY DEFERRED implies DEFERRABLE");
        TableConstraint.Unique c = (TableConstraint.Unique) t.constraints().get(1);
        assertTrue(c.deferrable() && !c.initiallyDeferred());
        SqlAlterTable alter = (SqlAlterTable) TesseraSqlParser.parse("alter table c add unique (a) deferrable"
                + " initially deferred");
        TableConstraint.Unique d = (TableConstraint.Unique) ((SqlAlterTable.AddConstraint) alter.actions().get(0))
                .constraint();
        assertTrue(d.deferrable() && d.initiallyDeferred());
    }

    @Test
    void setConstraints() {
        io.tessera.sql.parser.tcl.SqlSetConstraints all = (io.tessera.sql.parser.tcl.SqlSetConstraints)
                TesseraSqlParser.parse("SET CONSTRAINTS ALL DEFERRED");
        assertTrue(all.all() && all.deferred());
        io.tessera.sql.parser.tcl.SqlSetConstraints named = (io.tessera.sql.parser.tcl.SqlSetConstraints)
                TesseraSqlParser.parse("set constraints c_fk, public.d_fk immediate");
        assertEquals(List.of("c_fk", "public.d_fk"), named.names().stream().map(Object::toString).toList());
        assertTrue(!named.deferred());
    }

    private static String sqlState(String sql) {
        io.tessera.common.error.TesseraException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.tessera.common.error.TesseraException.class, () -> TesseraSqlParser.parse(sql));
        return e.sqlState().code();
    }
}
