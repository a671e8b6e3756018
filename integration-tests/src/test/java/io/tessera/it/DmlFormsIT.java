package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UPDATE, INSERT and DELETE prepared through pgjdbc 42.7's extended protocol (issue 11, item 4), on Tessera and on
 * a reference PostgreSQL 15 given the same statements: parameters in SET whose type only the assigned column tells
 * ({@code setNull(i, Types.OTHER)} and {@code setObject} of a string with {@code Types.OTHER} send them untyped),
 * next to a DEFAULT, a subquery or a FROM item — the statements whose rows a query chooses — and in multiple-column
 * SET items, UPDATE ... FROM and DELETE ... USING with RETURNING that reads the FROM items.
 */
class DmlFormsIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    /** The result set as text: the column labels and types, then each row. */
    private static String text(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            b.append(i > 1 ? "," : "").append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i));
        }
        while (rs.next()) {
            b.append(" |");
            for (int i = 1; i <= md.getColumnCount(); i++) {
                b.append(' ').append(rs.getString(i));
            }
        }
        return b.toString();
    }

    /** Runs {@code ps} and describes it: its rows, or its update count, or its SQLSTATE. */
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

    @Test
    void untypedParametersInSetTakeTheColumnsTypes() throws Exception {
        String out = DB.same(c -> {
            List<String> seen = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table df_t (id int primary key, v int, s text default 'd', n numeric(6,2))");
                s.execute("create table df_u (k int, x int)");
                s.execute("insert into df_t values (1, 1, 'a', 1.5), (2, 2, 'b', 2.5), (3, 3, 'c', 3.5)");
                s.execute("insert into df_u values (1, 10), (2, 20)");
            }
            // next to a DEFAULT: planned as a statement whose rows a query chooses
            try (PreparedStatement ps = c.prepareStatement(
                    "update df_t set v = ?, s = default, n = ? where id = ? returning *")) {
                ps.setObject(1, "42", Types.OTHER);
                ps.setObject(2, "7.125", Types.OTHER);
                ps.setInt(3, 1);
                seen.add(run(ps));
                ps.setNull(1, Types.OTHER);
                ps.setNull(2, Types.OTHER);
                ps.setInt(3, 2);
                seen.add(run(ps));
                ps.setObject(1, "x", Types.OTHER); // not an integer: 22P02
                ps.setNull(2, Types.OTHER);
                ps.setInt(3, 3);
                seen.add(run(ps));
            }
            // next to a subquery
            try (PreparedStatement ps = c.prepareStatement(
                    "update df_t set v = ?, n = (select max(x) from df_u) where id = ? returning v, n")) {
                ps.setObject(1, "5", Types.OTHER);
                ps.setInt(2, 3);
                seen.add(run(ps));
            }
            // in UPDATE ... FROM, RETURNING a FROM item's column
            try (PreparedStatement ps = c.prepareStatement(
                    "update df_t t set v = ?, s = ? from df_u u where u.k = t.id and u.x > ? returning t.id, t.v, t.s,"
                            + " u.x")) {
                ps.setObject(1, "77", Types.OTHER);
                ps.setString(2, "from");
                ps.setInt(3, 15);
                seen.add(run(ps));
            }
            // a multiple-column SET item of parameters
            try (PreparedStatement ps = c.prepareStatement("update df_t set (v, s) = (?, ?) where id = ?")) {
                ps.setObject(1, "9", Types.OTHER);
                ps.setString(2, "multi");
                ps.setInt(3, 1);
                seen.add(run(ps));
            }
            // INSERT and DELETE ... USING with parameters
            try (PreparedStatement ps = c.prepareStatement("insert into df_t (id, v, n) values (?, ?, ?) returning *")) {
                ps.setInt(1, 4);
                ps.setObject(2, "4", Types.OTHER);
                ps.setObject(3, "4.444", Types.OTHER);
                seen.add(run(ps));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from df_t t using df_u u where u.k = t.id and u.x = ? returning t.id, u.x")) {
                ps.setInt(1, 10);
                seen.add(run(ps));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from df_t order by id")) {
                seen.add(text(rs));
            }
            return String.join(" / ", seen);
        });
        // the reference ran every statement but the one with a bad integer
        assertEquals(1, out.split("ERROR", -1).length - 1, out);
        assertEquals(true, out.contains("ERROR 22P02"), out);
    }
}
