package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * Text whose answer depends on the locale, compared with a PostgreSQL 15 database created with
 * {@code LOCALE 'C.UTF-8'} (the locale Tessera reports in {@code lc_ctype}, {@code lc_collate} and
 * {@code pg_database}): case mapping of non-ASCII letters by upper, lower, initcap and ILIKE, on the coordinator and
 * on the datanodes. CorpusIT's reference runs with the C locale, where only ASCII letters change case, so these cases
 * cannot be in the corpus. Also the ways non-ASCII text reaches Tessera other than SQL literals: bound parameters
 * and COPY.
 */
class UnicodeTextIT {
    @RegisterExtension
    static final Differential db = new Differential(1, 2);

    private static String referenceUrl;

    @BeforeAll
    static void createUtf8Database() throws SQLException {
        try (Connection c = DriverManager.getConnection(db.reference().jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("create database cutf8 template template0 encoding 'UTF8' locale 'C.UTF-8'");
        }
        referenceUrl = db.reference().jdbcUrl().replace("/postgres?", "/cutf8?");
        String table = "create table ut (id int, s text)";
        String rows = "insert into ut values (1, 'straße'), (2, 'ÀÉÎ àéî'), (3, 'İstanbul ıi'), (4, 'élan vital'),"
                + " (5, 'ǆungla Σίσυφος'), (6, null), (7, '日本語 abc'), (8, 'ÆØÅ æøå ÿ')";
        try (Connection p = DriverManager.getConnection(referenceUrl); Statement ps = p.createStatement();
                Connection t = DriverManager.getConnection(db.cluster().jdbcUrl(1));
                Statement ts = t.createStatement()) {
            ps.execute(table);
            ps.execute(rows);
            ts.execute(table + " distribute by hash(id)");
            ts.execute(rows);
        }
    }

    /** Each statement's outcome (rows or SQLSTATE and message) on the C.UTF-8 reference and on Tessera. */
    private static void sameAsCUtf8(String... statements) throws SQLException {
        try (Connection p = DriverManager.getConnection(referenceUrl);
                Connection t = DriverManager.getConnection(db.cluster().jdbcUrl(1));
                Statement ps = p.createStatement(); Statement ts = t.createStatement()) {
            for (String sql : statements) {
                assertEquals(Differential.outcomeWithMessage(ps, sql), Differential.outcomeWithMessage(ts, sql), sql);
            }
        }
    }

    @Test
    void localeIsReportedAsCUtf8() throws SQLException {
        sameAsCUtf8("show lc_ctype", "show lc_collate", "show server_encoding",
                "select datctype, datcollate, pg_encoding_to_char(encoding) from pg_database"
                        + " where datname = current_database()");
    }

    @Test
    void caseMappingOfLiteralsIsCUtf8s() throws SQLException {
        sameAsCUtf8(
                "select upper('straße'), lower('ÀÉÎ'), upper('àéî'), lower('İ'), upper('ı'), upper('ǆ'), lower('Σ')",
                "select upper('ﬁ'), lower('ÆØÅ'), upper('ÿ'), upper('ς'), lower('Ω'), upper('日本語'), lower('😀A')",
                "select initcap('élan vital'), initcap('ÉLAN VITAL'), initcap('ǆungla'), initcap('3élan-été àb')",
                "select initcap('σίσυφος ΣΊΣΥΦΟΣ'), initcap('日本語abc déf'), initcap('_ñu'), initcap('straße STRASSE')",
                "select initcap(null), upper(null), lower(null)");
    }

    @Test
    void caseMappingOfStoredTextAgreesOnCoordinatorAndDatanodes() throws SQLException {
        sameAsCUtf8(
                "select id, upper(s), lower(s), initcap(s) from ut order by id",
                // WHERE on the datanodes (UPPER and LOWER are fragment ops there)
                "select id from ut where upper(s) = 'STRAßE' order by id",
                "select id from ut where lower(s) like '%àéî%' order by id",
                "select lower(s), count(*) from ut group by lower(s) order by 1",
                "select id from ut where initcap(s) = 'Élan Vital'");
    }

    @Test
    void ilikeFoldsNonAsciiLettersAsLower() throws SQLException {
        sameAsCUtf8(
                "select 'É' ilike 'é', 'ÀÉÎ' ilike 'àéî', 'straße' ilike 'STRASSE', 'straße' ilike 'STRAßE'",
                // İ lowers to i, as lower() does (not Java's i and a combining dot)
                "select 'İ' ilike 'i', 'i' ilike 'İ', 'İSTANBUL' ilike 'istanbul', 'x' ilike '%İ%'",
                "select 'Σίσυφος' ilike 'σΊσυφοσ', 'ǅ' ilike 'ǆ'",
                "select id from ut where s ilike '%ÀÉÎ%' order by id",
                "select id from ut where s not ilike '%İSTANBUL%' order by id");
    }

    @Test
    void sortsByCharacterCode() throws SQLException {
        sameAsCUtf8("select x from (values ('a'), ('B'), ('é'), ('Z'), ('_'), ('1'), (' b'), ('ab'), ('É')) v(x)"
                + " order by x");
    }

    /** Bound parameters of non-ASCII text reach the datanodes whole (pgjdbc's extended protocol). */
    @Test
    void parametersCarryAnyCharacter() throws Exception {
        String[] values = {"日本語", "ß€😀", "İstanbul", "Ωμέγα"};
        db.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table up (id int, s text)");
            }
            try (PreparedStatement insert = c.prepareStatement("insert into up values (?, ?)")) {
                for (int i = 0; i < values.length; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, values[i]);
                    insert.executeUpdate();
                }
            }
            List<String> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                    "select id, s, length(s), octet_length(s), ? || s from up where s = ? or s like ? order by id")) {
                q.setString(1, "→");
                q.setString(2, "ß€😀");
                q.setString(3, "日%");
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getInt(4) + "|"
                                + rs.getString(5));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("drop table up");
            }
            return String.join("\n", out);
        });
    }

    /** COPY FROM STDIN and TO STDOUT keep the characters (UTF-8 on the wire). */
    @Test
    void copyKeepsAnyCharacter() throws Exception {
        String data = "1\t日本語\n2\tß€😀\n3\t\\N\n4\tİ\\tx\n";
        db.same(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table uc (id int, s text)");
            }
            PGConnection pg = c.unwrap(PGConnection.class);
            long n = pg.getCopyAPI().copyIn("copy uc from stdin",
                    new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
            StringWriter out = new StringWriter();
            pg.getCopyAPI().copyOut("copy (select id, s, length(s) from uc order by id) to stdout", out);
            List<String> rows = Differential.rows(c, "select id, s from uc where s like '%€%' order by id", false);
            try (Statement s = c.createStatement()) {
                s.execute("drop table uc");
            }
            return n + "\n" + out + rows;
        });
    }
}
