package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL's implicit transaction block, on Tessera and on a reference PostgreSQL 15 given the same statements:
 * the statements of one simple Query message, and the Execute messages up to one Sync (pgjdbc's
 * {@code executeBatch} in autocommit), commit together or not at all.
 * https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT
 */
class ImplicitTransactionIT {
    @RegisterExtension
    static final Differential DB = new Differential(1, 2);

    private static String rows(Statement s, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("select id from " + table + " order by id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out.toString();
    }

    @Test
    void failedBatchInAutocommitLeavesNoRow() throws Exception {
        String outcome = DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table imp_batch(id int primary key, v int)");
                String state = "ok";
                try (PreparedStatement ps = c.prepareStatement("insert into imp_batch values (?, ?)")) {
                    for (int id : new int[] {1, 2, 3, 2, 4}) {
                        ps.setInt(1, id);
                        ps.setInt(2, id * 10);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                } catch (BatchUpdateException e) {
                    state = e.getSQLState();
                }
                return state + " " + rows(s, "imp_batch");
            }
        });
        assertEquals("23505 []", outcome, "the duplicate key fails the whole batch");
    }

    @Test
    void batchInAutocommitCommitsEveryRow() throws Exception {
        String outcome = DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table imp_ok(id int primary key)");
                try (PreparedStatement ps = c.prepareStatement("insert into imp_ok values (?)")) {
                    for (int id = 1; id <= 50; id++) {
                        ps.setInt(1, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (ResultSet rs = s.executeQuery("select count(*), sum(id) from imp_ok")) {
                    rs.next();
                    return rs.getLong(1) + " " + rs.getLong(2);
                }
            }
        });
        assertEquals("50 1275", outcome);
    }

    @Test
    void failingStatementOfASimpleQueryRollsBackTheEarlierOnes() throws Exception {
        String outcome = DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table imp_q(id int primary key)");
                s.execute("insert into imp_q values (1)");
                String state = "ok";
                try {
                    s.execute("insert into imp_q values (2); insert into imp_q values (3); insert into imp_q values (1)");
                } catch (SQLException e) {
                    state = e.getSQLState();
                }
                return state + " " + rows(s, "imp_q");
            }
        });
        assertEquals("23505 [1]", outcome);
    }

    @Test
    void laterStatementOfASimpleQuerySeesTheEarlierWrites() throws Exception {
        String outcome = DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table imp_own(k int, id int)"); // distributed by k: UPDATE may change id
                s.execute("insert into imp_own values (1, 1), (2, 2); update imp_own set id = id + 10; "
                        + "select count(*) from imp_own where id > 10");
                while (s.getResultSet() == null && (s.getMoreResults() || s.getUpdateCount() != -1)) {
                    // skip the update counts to the SELECT's result
                }
                try (ResultSet rs = s.getResultSet()) {
                    rs.next();
                    return rs.getLong(1) + " " + rows(s, "imp_own");
                }
            }
        });
        assertEquals("2 [11, 12]", outcome);
    }

    @Test
    void beginInsideASimpleQueryTurnsItIntoABlock() throws Exception {
        String outcome = DB.same(c -> {
            try (Statement s = c.createStatement(); Statement other = c.createStatement()) {
                s.execute("create table imp_blk(id int)");
                s.execute("insert into imp_blk values (1); begin; insert into imp_blk values (2)");
                s.execute("rollback");
                return rows(other, "imp_blk");
            }
        });
        assertEquals("[]", outcome, "a BEGIN takes the statements before it into the block");
    }
}
