package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Views (CREATE [OR REPLACE] VIEW, DROP VIEW, dependencies, the catalogs) and COMMENT ON on a two-coordinator,
 * two-datanode cluster, each statement's rows or SQLSTATE compared with a reference PostgreSQL 15 running the same
 * script; psql's {@code \dv} and {@code \d v} on Tessera.
 */
class ViewIT {
    @RegisterExtension
    static final Differential DB = new Differential(2, 2);

    @Test
    void viewsBehaveAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table vt (a int, b text, c int)",
                "insert into vt select g, 'v' || g, g % 3 from generate_series(1, 100) g",
                "create view v1 as select a, b from vt where c = 0",
                "select count(*), sum(a) from v1",
                "select * from v1 order by a limit 3",
                "select v.b from v1 as v where v.a = 9",
                "create view v2 (x, y) as select a * 2, b from vt where a <= 5",
                "select x, y from v2 order by x",
                "create view v3 as select v1.a, v2.y from v1 join v2 on v1.a = v2.x",
                "select * from v3 order by a",
                "select a from public.v1 where a in (select x from v2) order by a",
                "create view vc as select c, count(*) as n from vt group by c",
                "create view vs as select * from vt where a < 3",
                "create view ve (doubled) as select a * 2 from vt where a = 1",
                "select * from ve",
                "select c, n from vc order by c",
                "create view v1 as select 1",
                "create or replace view v1 as select a, b, c from vt where c = 0",
                "select * from v1 order by a limit 2",
                "create or replace view v1 as select a from vt",
                "create or replace view v1 as select b, a, c from vt",
                "create or replace view v1 as select a, b, c::bigint from vt",
                "create view v4 (p, q, r, s) as select a, b, c from vt",
                "create view v5 as select nosuch from vt",
                "create view v6 as select * from nosuch",
                "create view vt as select 1",
                "create table v1 (z int)",
                "drop table vt",
                "alter table vt drop column b",
                "alter table vt alter column b type varchar(10)",
                "alter table vt add column d int default 4",
                "select * from v1 order by a limit 1",
                "select * from vs order by a",
                "drop view vs, ve",
                "drop view v1",
                "drop view v2, v3",
                "drop view v3",
                "drop view if exists v3",
                "drop view vt",
                "drop table v1",
                "select table_name, table_type from information_schema.tables "
                        + "where table_name in ('v1', 'v2', 'v3', 'vc', 'vt') order by 1",
                "select viewname from pg_views where viewname in ('v1', 'v2', 'v3', 'vc') order by 1",
                "select relname, relkind, relnatts from pg_class where relname in ('v1', 'vt', 'vc') order by 1",
                "select column_name, data_type, ordinal_position from information_schema.columns "
                        + "where table_name in ('v1', 'vc') order by table_name, ordinal_position",
                "select attname, format_type(atttypid, atttypmod) from pg_attribute "
                        + "where attrelid = 'v1'::regclass order by attnum",
                "select count(*) from pg_views where viewname = 'v1' and definition like '%vt%'",
                "drop table vt cascade",
                "select count(*) from pg_views where viewname in ('v1', 'v2', 'v3', 'vc')",
                "select count(*) from information_schema.views where table_name in ('v1', 'v2', 'v3', 'vc')");
    }

    @Test
    void viewsAreVisibleOnTheOtherCoordinatorAndInPsql() throws SQLException {
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(1)); Statement s = t.createStatement()) {
            s.execute("create table pv (k int, name text)");
            s.execute("insert into pv values (1, 'one'), (2, 'two')");
            s.execute("create view pv_names as select name from pv where k > 1");
        }
        try (Connection t = DriverManager.getConnection(DB.cluster().jdbcUrl(2)); Statement s = t.createStatement()) {
            assertEquals("two\n", Differential.outcome(s, "select * from pv_names"));
        }
        Psql.Result list = Psql.command(DB.cluster().port(1), "postgres", "\\dv");
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().contains("pv_names") && list.out().contains("view"), list.out());
        Psql.Result describe = Psql.command(DB.cluster().port(1), "postgres", "\\d+ pv_names");
        assertEquals(0, describe.exitCode(), describe.toString());
        assertTrue(describe.out().contains("View \"public.pv_names\"") && describe.out().contains("View definition:")
                && describe.out().contains("where k > 1"), describe.out());
    }

    @Test
    void commentsBehaveAsPostgres() throws SQLException {
        DB.sameOutcomes(
                "create table ct (a int, b text)",
                "create view cv as select a from ct",
                "comment on table ct is 'the table'",
                "comment on column ct.a is 'column a'",
                "comment on view cv is 'the view'",
                "comment on column cv.a is 'view column'",
                "select obj_description('ct'::regclass, 'pg_class'), col_description('ct'::regclass, 1), "
                        + "col_description('ct'::regclass, 2), obj_description('cv'::regclass, 'pg_class')",
                "comment on column ct.nosuch is 'x'",
                "comment on table nosuch is 'x'",
                "comment on table cv is 'x'",
                "comment on view ct is 'x'",
                "alter table ct rename column a to aa",
                "select col_description('ct'::regclass, 1)",
                "comment on table ct is null",
                "comment on column ct.aa is ''",
                "select obj_description('ct'::regclass, 'pg_class'), col_description('ct'::regclass, 1)",
                "select objsubid, description from pg_description where objoid = 'cv'::regclass order by objsubid");
        Psql.Result describe = Psql.command(DB.cluster().port(1), "postgres", "\\d+ cv");
        assertEquals(0, describe.exitCode(), describe.toString());
        assertTrue(describe.out().contains("view column"), describe.out());
        Psql.Result viewComment = Psql.run(DB.cluster().port(1), "postgres", List.of("-A", "-t", "-c",
                "select obj_description('cv'::regclass, 'pg_class')"), Psql.DEFAULT_TIMEOUT);
        assertEquals("the view", viewComment.out().strip(), viewComment.toString());
    }
}
