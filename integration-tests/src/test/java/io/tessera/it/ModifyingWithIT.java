package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data-modifying statements in WITH (issue 11) through pgjdbc 42.7's extended protocol, on Tessera and on a
 * reference PostgreSQL 15 given the same statements: parameters inside the WITH queries and in the main statement,
 * the same prepared statement run past pgjdbc's prepareThreshold (a named server-side statement), its result
 * columns described before it runs, and a failing main statement that leaves the WITH queries' tables as they were
 * in autocommit and in a transaction block.
 */
class ModifyingWithIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    /** The result set as text: the column labels and types, then each row. */
    private static String text(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            b.append(i > 1 ? "," : "").append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i));
        }
        while (rs.next()) {
            b.append(" |");
            for (int i = 1; i <= md.getColumnCount(); i++) {
                b.append(' ').append(rs.getString(i));
            }
        }
        return b.toString();
    }

    /** Runs {@code ps}: its rows, or its update count, or its SQLSTATE. */
    private static String run(PreparedStatement ps) {
        try {
            if (ps.execute()) {
                return text(ps.getResultSet());
            }
            return "ok " + ps.getUpdateCount();
        } catch (SQLException e) {
            return "ERROR " + e.getSQLState();
        }
    }

    private static String table(java.sql.Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from " + name + " order by k")) {
            return text(rs);
        }
    }

    @Test
    void parametersInsideTheWithQueriesAndTheMainStatement() throws Exception {
        DB.both("create table mw_a (k int primary key, v text, n numeric(6,2))", " distribute by hash(k)");
        DB.both("create table mw_b (k int primary key, v text, n numeric(6,2))", " distribute by replication");
        String out = DB.same(c -> {
            List<String> seen = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("insert into mw_a select g, 'v' || g, g * 1.5 from generate_series(1, 12) g");
            }
            // the archive idiom with its bound in a parameter, run past prepareThreshold (5)
            try (PreparedStatement ps = c.prepareStatement("with moved as (delete from mw_a where k <= ? returning *)"
                    + " insert into mw_b select k, v, n from moved where n > ? returning k")) {
                for (int i = 1; i <= 7; i++) {
                    ps.setInt(1, i);
                    ps.setBigDecimal(2, new java.math.BigDecimal("0.5"));
                    seen.add(run(ps));
                }
            }
            // described before it runs: the columns come from the RETURNING list
            try (PreparedStatement ps = c.prepareStatement(
                    "with u as (update mw_a set v = ? where k = ? returning k, v, n) select k, v, n * 2 as twice from u")) {
                ResultSetMetaData md = ps.getMetaData();
                seen.add(md.getColumnCount() + " " + md.getColumnLabel(3) + ":" + md.getColumnTypeName(3));
                ps.setString(1, "updated");
                ps.setInt(2, 8);
                seen.add(run(ps));
                ps.setNull(1, java.sql.Types.VARCHAR);
                ps.setInt(2, 9);
                seen.add(run(ps));
                ps.setString(1, "none");
                ps.setInt(2, 100);
                seen.add(run(ps));
            }
            // the same parameter in two WITH queries and the main statement
            try (PreparedStatement ps = c.prepareStatement("with i as (insert into mw_a values (?, 'i', 1) returning k),"
                    + " d as (delete from mw_b where k = ? - 10 returning k) select (select k from i) as i,"
                    + " (select k from d) as d, ? + 1 as p")) {
                ps.setInt(1, 20);
                ps.setInt(2, 13);
                ps.setInt(3, 20);
                seen.add(run(ps));
            }
            seen.add(table(c, "mw_a"));
            seen.add(table(c, "mw_b"));
            return String.join(" / ", seen);
        });
        assertTrue(!out.contains("ERROR"), out);
    }

    @Test
    void aFailingMainStatementLeavesTheWithQueriesTablesUntouched() throws Exception {
        DB.both("create table mw_c (k int primary key, v text)", " distribute by hash(k)");
        DB.both("create table mw_d (k int primary key, v text)", " distribute by hash(k)");
        String out = DB.same(c -> {
            List<String> seen = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("insert into mw_c values (1, 'a'), (2, 'b'), (3, 'c')");
                s.execute("insert into mw_d values (2, 'taken')");
            }
            // autocommit: the duplicate key in the main INSERT undoes the DELETE
            try (PreparedStatement ps = c.prepareStatement(
                    "with moved as (delete from mw_c where k >= ? returning *) insert into mw_d select * from moved")) {
                ps.setInt(1, 1);
                seen.add(run(ps));
            }
            seen.add(table(c, "mw_c"));
            seen.add(table(c, "mw_d"));
            // in a block: the statement fails the block, ROLLBACK undoes it, an earlier statement too
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("insert into mw_c values (4, 'd')");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "with moved as (delete from mw_c returning *) select k / (k - 4) from moved")) {
                seen.add(run(ps));
            }
            c.rollback();
            c.setAutoCommit(true);
            seen.add(table(c, "mw_c"));
            return String.join(" / ", seen);
        });
        assertEquals(2, out.split("ERROR", -1).length - 1, out);
    }
}
