package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RETURNING and INSERT ... ON CONFLICT through pgjdbc 42.7 (extended protocol), on Tessera and on a reference
 * PostgreSQL 15 given the same statements: {@code getGeneratedKeys} (pgjdbc appends {@code RETURNING *}),
 * {@code executeQuery} of a DML statement with RETURNING in and outside a transaction block, parameters in
 * RETURNING and in DO UPDATE, pgjdbc's batched {@code ON CONFLICT DO NOTHING}, and concurrent upserts of the same
 * keys from two sessions.
 */
class ReturningUpsertIT {
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

    @Test
    void generatedKeysAreTheInsertedRows() throws Exception {
        String out = DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table gk (id int primary key, name text, n int default 7)");
                s.executeUpdate("insert into gk (id, name) values (1, 'a'), (2, 'b')", Statement.RETURN_GENERATED_KEYS);
                String plain = text(s.getGeneratedKeys());
                try (PreparedStatement ps = c.prepareStatement("insert into gk (id, name) values (?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setInt(1, 3);
                    ps.setString(2, "c");
                    int count = ps.executeUpdate();
                    return plain + " / " + count + " " + text(ps.getGeneratedKeys());
                }
            }
        });
        assertEquals("id:4,name:12,n:4 | 1 a 7 | 2 b 7 / 1 id:4,name:12,n:4 | 3 c 7", out);
    }

    @Test
    void executeQueryOfDmlWithReturningInAndOutsideBlocks() throws Exception {
        DB.same(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("create table rq (id int primary key, v numeric(8,2), s text)");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into rq values (?, ?, ?) returning id, v * 2 as twice, upper(s)")) {
                ps.setInt(1, 1);
                ps.setBigDecimal(2, new java.math.BigDecimal("1.25"));
                ps.setString(3, "x");
                out.add(text(ps.executeQuery()));
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("update rq set v = v + ? where id = ? returning *, id + ?")) {
                ps.setBigDecimal(1, java.math.BigDecimal.ONE);
                ps.setInt(2, 1);
                ps.setInt(3, 100);
                out.add(text(ps.executeQuery()));
            }
            try (PreparedStatement ps = c.prepareStatement("delete from rq where id = ? returning s")) {
                ps.setInt(1, 1);
                out.add(text(ps.executeQuery()));
            }
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from rq")) {
                out.add(text(rs));
            }
            return String.join(" / ", out);
        });
    }

    @Test
    void batchedUpsertsWithParameters() throws Exception {
        DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table bu (a int primary key, b text, n int)");
                s.execute("insert into bu values (1, 'old', 1)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into bu(a,b) values (?,?) on conflict do nothing")) {
                for (int i = 0; i < 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            String upserted;
            try (PreparedStatement ps = c.prepareStatement("insert into bu values (?, ?, ?) on conflict (a) do update"
                    + " set n = bu.n + excluded.n + ?, b = excluded.b where bu.a <> ? returning a, b, n")) {
                ps.setInt(1, 1);
                ps.setString(2, "new");
                ps.setInt(3, 10);
                ps.setInt(4, 100);
                ps.setInt(5, 99);
                upserted = text(ps.executeQuery());
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from bu order by a")) {
                return upserted + " / " + text(rs);
            }
        });
    }

    /**
     * Two sessions upsert the same keys at once, each key once per session: whichever comes second finds the
     * first's row (waiting for its lock) and updates it, so every key ends with one row counted twice.
     */
    @Test
    void concurrentUpsertsOfTheSameKeysBothSucceed() throws Exception {
        int keys = 200;
        String expected = DB.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table cu (k int primary key, n int)");
            }
            String url = c.getMetaData().getURL();
            java.util.Properties props = new java.util.Properties();
            props.setProperty("user", c.getMetaData().getUserName());
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> sessions = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    boolean reverse = t == 1; // the other order too: each session meets the other's locks
                    sessions.add(pool.submit(() -> {
                        try (Connection own = DriverManager.getConnection(url, props);
                             PreparedStatement ps = own.prepareStatement(
                                     "insert into cu values (?, 1) on conflict (k) do update set n = cu.n + 1")) {
                            go.await();
                            int done = 0;
                            for (int i = 0; i < keys; i++) {
                                ps.setInt(1, reverse ? keys - 1 - i : i);
                                done += ps.executeUpdate();
                            }
                            return done;
                        }
                    }));
                }
                go.countDown();
                int total = 0;
                for (Future<Integer> f : sessions) {
                    total += f.get(120, TimeUnit.SECONDS);
                }
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select count(*), min(n), max(n), sum(n) from cu")) {
                    return total + " " + text(rs);
                }
            } finally {
                pool.shutdownNow();
            }
        });
        assertEquals("400 count:-5,min:4,max:4,sum:-5 | 200 2 2 400", expected);
    }
}
