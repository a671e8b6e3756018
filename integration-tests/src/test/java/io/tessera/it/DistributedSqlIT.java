package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SQL on a running two-coordinator, two-datanode cluster, through the real psql binary and pgjdbc: the seed
 * session of issue 2, the distribution methods, query shapes planned by Calcite and run on datanodes, and the
 * errors a client must see. One cluster serves the whole class; each test uses its own tables.
 */
class DistributedSqlIT {
    private static ProcessCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = ProcessCluster.start(2, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Connection connect(int coordinator) throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(coordinator));
    }

    /** The seed document's verification session, verbatim, through psql. */
    @Test
    void seedSessionRunsThroughPsql() throws Exception {
        Path script = Files.createTempFile("seed", ".sql");
        Files.writeString(script, """
                create database peiybdb;
                \\c peiybdb
                create table tmp_t0(c0 varchar(100),c1 varchar(100));
                insert into tmp_t0(c0,c1) SELECT id::varchar,md5(id::varchar) FROM generate_series(1,10000) as id;
                select xc_node_id,count(1) from tmp_t0 group by xc_node_id;
                select * from pgxc_node;
                """);
        Psql.Result r;
        try {
            r = Psql.file(cluster.port(1), "postgres", script);
        } finally {
            Files.deleteIfExists(script);
        }
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.out();
        assertTrue(out.contains("CREATE DATABASE"), out);
        assertTrue(out.contains("CREATE TABLE"), out);
        assertTrue(out.contains("INSERT 0 10000"), out);
        assertTrue(Pattern.compile("(?m)^\\s*xc_node_id\\s*\\|\\s*count\\s*$").matcher(out).find(), out);
        // two groups, one per datanode, roughly half each
        Matcher m = Pattern.compile("(?m)^\\s*(-?\\d+)\\s*\\|\\s*(\\d+)\\s*$").matcher(out);
        Map<Integer, Integer> counts = new HashMap<>();
        while (m.find()) {
            counts.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        assertEquals(2, counts.size(), out);
        assertEquals(10000, counts.values().stream().mapToInt(Integer::intValue).sum(), out);
        for (int c : counts.values()) {
            assertTrue(c > 4000 && c < 6000, "uneven spread " + counts);
        }
        // xc_node_id values are the datanodes' node_id in pgxc_node
        Set<Integer> datanodeIds = new HashSet<>();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(2, "peiybdb"));
                ResultSet rs = c.createStatement().executeQuery(
                        "select node_name, node_type, node_id from pgxc_node order by node_name")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1) + ":" + rs.getString(2));
                if (rs.getString(2).equals("D")) {
                    datanodeIds.add(rs.getInt(3));
                }
            }
            assertEquals(List.of("coord1:C", "coord2:C", "dn1:D", "dn2:D"), names);
        }
        assertEquals(datanodeIds, counts.keySet());
        assertTrue(out.contains("node_name") && out.contains("node_id"), out);
    }

    /** Misplaced transaction commands are warnings, as in PostgreSQL 15 (psql prints the severity). */
    @Test
    void misplacedTransactionCommandsWarnAsPostgresDoes() {
        Psql.Result r = Psql.command(cluster.port(1), "postgres", "commit; begin; begin; rollback; rollback;");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("WARNING:  there is no transaction in progress",
                "WARNING:  there is already a transaction in progress",
                "WARNING:  there is no transaction in progress"), r.err().lines().toList(), r::toString);
    }

    @Test
    void tableCreatedOnOneCoordinatorIsUsableOnTheOther() throws Exception {
        try (Connection c1 = connect(1); Connection c2 = connect(2)) {
            c1.createStatement().execute("create table cross_coord(a int, b text)");
            assertEquals(3, c2.createStatement().executeUpdate("insert into cross_coord values (1,'x'),(2,'y'),(3,'z')"));
            try (ResultSet rs = c1.createStatement().executeQuery("select sum(a), count(*) from cross_coord")) {
                assertTrue(rs.next());
                assertEquals(6, rs.getLong(1));
                assertEquals(3, rs.getLong(2));
            }
            c2.createStatement().execute("drop table cross_coord");
            SQLException e = assertThrows(SQLException.class,
                    () -> c1.createStatement().executeQuery("select * from cross_coord"));
            assertEquals("42P01", e.getSQLState());
        }
    }

    @Test
    void distributionMethodsPlaceRowsAsDeclared() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            Map<String, Integer> ids = nodeIds(s);
            s.execute("create table d_hash(k int, v text) distribute by hash(k)");
            s.execute("create table d_mod(k int, v text) distribute by modulo(k)");
            s.execute("create table d_rr(k int, v text) distribute by roundrobin");
            s.execute("create table d_rep(k int, v text) distribute by replication");
            s.execute("create table d_dist(k int, v text) dist by hash(v) to node (dn2)");
            for (String t : List.of("d_hash", "d_mod", "d_rr", "d_rep", "d_dist")) {
                assertEquals(100, s.executeUpdate("insert into " + t + " select g, 'v' || g from generate_series(1,100) g"));
                try (ResultSet rs = s.executeQuery("select count(*), count(distinct k), sum(k) from " + t)) {
                    assertTrue(rs.next());
                    assertEquals(100, rs.getLong(1), t);
                    assertEquals(100, rs.getLong(2), t);
                    assertEquals(5050, rs.getLong(3), t);
                }
            }
            Map<Integer, Long> hash = perNode(s, "d_hash");
            assertEquals(2, hash.size(), "hash spreads over both datanodes: " + hash);
            Map<Integer, Long> rr = perNode(s, "d_rr");
            assertEquals(Map.of(ids.get("dn1"), 50L, ids.get("dn2"), 50L), rr, "round robin alternates");
            assertEquals(Map.of(ids.get("dn2"), 100L), perNode(s, "d_dist"), "TO NODE (dn2) keeps rows on dn2");
            assertEquals(1, perNode(s, "d_rep").size(), "a replicated table is read from one copy");
            // modulo: k mod 2 picks the node, so each node holds one parity
            try (ResultSet rs = s.executeQuery("select xc_node_id, min(k % 2), max(k % 2), count(*) from d_mod group by xc_node_id")) {
                int groups = 0;
                while (rs.next()) {
                    groups++;
                    assertEquals(rs.getInt(2), rs.getInt(3), "one parity per node");
                    assertEquals(50, rs.getLong(4));
                }
                assertEquals(2, groups);
            }
            // the PolarDB form and pgxc_class
            s.execute("create table d_shard(f1 int) with (dist_type='shard', dist_col='f1')");
            try (ResultSet rs = s.executeQuery("select pclocatortype, pcattnum from pgxc_class c where pcrelid > 0 order by pcrelid")) {
                List<String> types = new ArrayList<>();
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
                assertTrue(types.containsAll(List.of("H", "M", "N", "R", "S")), types.toString());
            }
            try (ResultSet rs = s.executeQuery("select count(*), count(distinct node), min(shardminvalue), max(shardmaxvalue) from pg_shard_map")) {
                assertTrue(rs.next());
                assertEquals(64, rs.getLong(1));
                assertEquals(2, rs.getLong(2));
                assertEquals(Integer.MIN_VALUE, rs.getInt(3));
                assertEquals(Integer.MAX_VALUE, rs.getInt(4));
            }
        }
    }

    @Test
    void selectShapesRunOverRowsOnSeveralDatanodes() throws Exception {
        try (Connection c = connect(2); Statement s = c.createStatement()) {
            s.execute("create table q_t(id int, grp varchar(10), amount numeric(10,2), note text)");
            assertEquals(1000, s.executeUpdate("insert into q_t select g, 'g' || (g % 7), g * 1.5, case when g % 10 = 0 then null else 'n' || g end from generate_series(1,1000) g"));
            assertEquals(2, perNode(s, "q_t").size());
            try (ResultSet rs = s.executeQuery("select id, amount from q_t where id between 10 and 12 order by id")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(1));
                assertEquals(new BigDecimal("15.00"), rs.getBigDecimal(2));
                assertTrue(rs.next());
                assertTrue(rs.next());
                assertEquals(12, rs.getInt("id"));
                assertFalse(rs.next());
            }
            try (ResultSet rs = s.executeQuery("select grp, count(*), sum(id), max(amount) from q_t where id > 500 group by grp order by grp limit 3")) {
                ResultSetMetaData md = rs.getMetaData();
                assertEquals("grp", md.getColumnName(1));
                assertEquals("count", md.getColumnName(2));
                assertEquals("sum", md.getColumnName(3));
                assertEquals("max", md.getColumnName(4));
                List<String> got = new ArrayList<>();
                while (rs.next()) {
                    got.add(rs.getString(1) + "," + rs.getLong(2) + "," + rs.getLong(3));
                }
                List<String> want = new ArrayList<>();
                for (int g : new int[] {0, 1, 2}) {
                    long n = 0;
                    long sum = 0;
                    for (int id = 501; id <= 1000; id++) {
                        if (id % 7 == g) {
                            n++;
                            sum += id;
                        }
                    }
                    want.add("g" + g + "," + n + "," + sum);
                }
                assertEquals(want, got);
            }
            try (ResultSet rs = s.executeQuery("select count(note), count(*) - count(note) as nulls, upper(min(note)) from q_t where note like 'n9%'")) {
                assertTrue(rs.next());
                assertEquals(100, rs.getLong(1)); // ids 9, 90..99, 900..999 but not the multiples of 10 (null notes)
                assertEquals(0, rs.getLong(2));
            }
            try (ResultSet rs = s.executeQuery("select id * 2 + 1, note is null from q_t order by id desc limit 1")) {
                assertTrue(rs.next());
                assertEquals(2001, rs.getInt(1));
                assertEquals("?column?", rs.getMetaData().getColumnName(1));
                assertTrue(rs.getBoolean(2));
            }
            try (PreparedStatement ps = c.prepareStatement("select note from q_t where id = ?")) {
                for (int i = 1; i <= 7; i++) { // beyond pgjdbc's prepareThreshold, so server-side statements too
                    ps.setInt(1, i);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("n" + i, rs.getString(1));
                        assertFalse(rs.next());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into q_t(id, grp) values (?, ?)")) {
                ps.setInt(1, 5000);
                ps.setString(2, "new");
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("insert into q_t(id, amount) values (?, ?)")) {
                ps.setInt(1, 5001);
                ps.setBigDecimal(2, new BigDecimal("1.25")); // a declared numeric keeps its scale
                assertEquals(1, ps.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("select amount from q_t where id = 5001")) {
                assertTrue(rs.next());
                assertEquals(new BigDecimal("1.25"), rs.getBigDecimal(1));
            }
            try (ResultSet rs = s.executeQuery("select grp, amount from q_t where id = 5000")) {
                assertTrue(rs.next());
                assertEquals("new", rs.getString(1));
                assertEquals(null, rs.getBigDecimal(2));
            }
        }
    }

    @Test
    void errorsCarrySqlStateAndKeepTheSessionUsable() throws Exception {
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            SQLException syntax = assertThrows(SQLException.class, () -> s.executeQuery("selec * from pgxc_node"));
            assertEquals("42601", syntax.getSQLState());
            assertTrue(syntax.getMessage().contains("syntax error at or near \"selec\"") && syntax.getMessage().contains("Position: 1"), syntax.getMessage());
            SQLException table = assertThrows(SQLException.class, () -> s.executeQuery("select * from no_such_table"));
            assertEquals("42P01", table.getSQLState());
            assertTrue(table.getMessage().contains("relation \"no_such_table\" does not exist"), table.getMessage());
            s.execute("create table e_t(a int)");
            SQLException column = assertThrows(SQLException.class, () -> s.executeQuery("select nope from e_t"));
            assertEquals("42703", column.getSQLState());
            SQLException json = assertThrows(SQLException.class,
                    () -> s.execute("create table e_json(j json, a int) distribute by hash(j)"));
            assertEquals("0A000", json.getSQLState());
            assertTrue(json.getMessage().contains("cannot be a distribution column"), json.getMessage());
            SQLException tooLong = assertThrows(SQLException.class,
                    () -> s.execute("create table e_v(v varchar(3)); insert into e_v values ('abcd')"));
            assertEquals("22001", tooLong.getSQLState());
            SQLException dup = assertThrows(SQLException.class, () -> s.execute("create table e_t(b int)"));
            assertEquals("42P07", dup.getSQLState());
            try (ResultSet rs = s.executeQuery("select count(*) from e_t")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    @Test
    void initCreatesTheSuperusersAndRefusesUnknownRolesAndDatabases() throws Exception {
        String base = "jdbc:postgresql://127.0.0.1:" + cluster.port(1) + "/";
        for (String user : List.of("tessera", "postgres", System.getProperty("user.name"))) {
            try (Connection c = DriverManager.getConnection(base + "postgres?user=" + user);
                    ResultSet rs = c.createStatement().executeQuery("select 1")) {
                assertTrue(rs.next(), user);
            }
        }
        SQLException role = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(base + "postgres?user=nobody_here"));
        assertEquals("28000", role.getSQLState());
        assertTrue(role.getMessage().contains("role \"nobody_here\" does not exist"), role.getMessage());
        SQLException db = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(base + "no_such_db?user=tessera"));
        assertEquals("3D000", db.getSQLState());
    }

    @Test
    void largeResultsStreamThroughTheCoordinator() throws Exception {
        int rows = 300_000;
        try (Connection c = connect(1); Statement s = c.createStatement()) {
            s.execute("create table big_t(id int, pad text)");
            assertEquals(rows, s.executeUpdate("insert into big_t select g, md5(g::text) || md5(g::text) from generate_series(1," + rows + ") g"));
            c.setAutoCommit(true);
            long seen = 0;
            long sum = 0;
            try (Statement st = c.createStatement()) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery("select id, pad from big_t")) {
                    while (rs.next()) {
                        seen++;
                        sum += rs.getInt(1);
                    }
                }
            }
            assertEquals(rows, seen);
            assertEquals((long) rows * (rows + 1) / 2, sum);
        }
    }

    static Map<String, Integer> nodeIds(Statement s) throws SQLException {
        Map<String, Integer> ids = new HashMap<>();
        try (ResultSet rs = s.executeQuery("select node_name, node_id from pgxc_node")) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getInt(2));
            }
        }
        return ids;
    }

    static Map<Integer, Long> perNode(Statement s, String table) throws SQLException {
        Map<Integer, Long> out = new HashMap<>();
        try (ResultSet rs = s.executeQuery("select xc_node_id, count(*) from " + table + " group by xc_node_id")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    /**
     * CREATE TYPE ... AS ENUM and every ALTER TYPE are catalog changes: a type made or changed through one coordinator
     * is, with its labels in order, what the other shows before the statement returns; DROP TYPE likewise (2BP01 while a
     * column uses the type). A column of the type made on one coordinator takes the labels added on the other, in
     * the enum's order; a label the type lacks is 22P02, a type that does not exist 42704, as in PostgreSQL.
     */
    @Test
    void enumTypeDdlIsVisibleOnEveryCoordinator() throws Exception {
        String labels = "select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum"
                + " where enumtypid = 'dsql_mood'::regtype";
        try (Connection c1 = connect(1); Statement s1 = c1.createStatement();
                Connection c2 = connect(2); Statement s2 = c2.createStatement()) {
            s1.execute("create type dsql_mood as enum ('sad', 'ok', 'happy')");
            assertEquals("sad,ok,happy", one(s2, labels));
            s2.execute("alter type dsql_mood add value 'meh' before 'ok'");
            s2.execute("alter type dsql_mood rename value 'sad' to 'blue'");
            assertEquals("blue,meh,ok,happy", one(s1, labels));
            SQLException dup = assertThrows(SQLException.class, () -> s1.execute("create type dsql_mood as enum ()"));
            assertEquals("42710", dup.getSQLState());
            // a column of the type made on one coordinator takes, on the other, the labels added there, in the
            // enum's order
            s1.execute("create table dsql_enum_t (id int primary key, m dsql_mood)");
            s2.execute("insert into dsql_enum_t values (1, 'happy'), (2, 'meh'), (3, 'blue')");
            assertEquals("blue,meh,happy", one(s1, "select string_agg(m::text, ',' order by m) from dsql_enum_t"));
            SQLException unknown = assertThrows(SQLException.class,
                    () -> s1.execute("create table dsql_enum_u (id int primary key, m dsql_nope)"));
            assertEquals("42704", unknown.getSQLState(), unknown.getMessage());
            assertEquals("ok", one(s2, "select 'ok'::dsql_mood"));
            SQLException label = assertThrows(SQLException.class, () -> s2.executeQuery("select 'sad'::dsql_mood"));
            assertEquals("22P02", label.getSQLState(), label.getMessage());
            SQLException noType = assertThrows(SQLException.class, () -> s2.executeQuery("select 'ok'::dsql_nope"));
            assertEquals("42704", noType.getSQLState(), noType.getMessage());
            assertEquals("ERROR: type \"dsql_nope\" does not exist", noType.getMessage().lines().findFirst().orElse(""));
            s1.execute("alter type dsql_mood rename to dsql_feeling");
            assertEquals("1", one(s2, "select count(*) from pg_type where typname = 'dsql_feeling' and typtype = 'e'"));
            SQLException used = assertThrows(SQLException.class, () -> s2.execute("drop type dsql_feeling"));
            assertEquals("2BP01", used.getSQLState(), used.getMessage());
            s1.execute("drop table dsql_enum_t");
            s2.execute("drop type dsql_feeling");
            assertEquals("0", one(s1, "select count(*) from pg_type where typname like 'dsql\\_%'"));
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getString(1);
        }
    }
}
