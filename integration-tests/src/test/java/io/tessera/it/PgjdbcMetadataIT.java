package io.tessera.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc 42.7's {@link DatabaseMetaData} calls that ORMs and IDEs make, on Tessera and on a reference PostgreSQL 15
 * given the same schema: the rows must be the same. {@code getPrimaryKeys} and {@code getIndexInfo} put
 * {@code information_schema._pg_expandarray} in a select list. {@code getImportedKeys}/{@code getExportedKeys} are
 * compared in {@link ForeignKeyIT}.
 */
class PgjdbcMetadataIT {
    private static ProcessCluster cluster;
    private static ReferencePostgres reference;

    @BeforeAll
    static void start() {
        cluster = ProcessCluster.start(1, 2);
        reference = ReferencePostgres.start();
    }

    @AfterAll
    static void stop() {
        if (reference != null) {
            reference.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        List<String> out = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (String c : columns) {
                b.append(c).append('=').append(rs.getString(c)).append(' ');
            }
            out.add(b.toString().trim());
        }
        rs.close();
        return out;
    }

    private static String metadata(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table md_one (id int primary key, name text)");
            s.execute("create table md_two (a int, b text, c int, primary key (a, c))");
            s.execute("create index md_two_b_idx on md_two (b, c)");
            s.execute("create unique index on md_two (a, b nulls first)");
        }
        DatabaseMetaData md = c.getMetaData();
        List<String> out = new ArrayList<>();
        out.addAll(rows(md.getPrimaryKeys(null, "public", "md_one"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        out.addAll(rows(md.getPrimaryKeys(null, "public", "md_two"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
        out.addAll(rows(md.getIndexInfo(null, "public", "md_two", false, true), "TABLE_NAME", "NON_UNIQUE",
                "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"));
        out.addAll(rows(md.getIndexInfo(null, "public", "md_one", true, true), "INDEX_NAME", "COLUMN_NAME"));
        return String.join("\n", out);
    }

    @Test
    void primaryKeysIndexInfoAndKeysAreThoseOfPostgres() throws SQLException {
        String expected;
        try (Connection pg = DriverManager.getConnection(reference.jdbcUrl())) {
            expected = metadata(pg);
        }
        try (Connection tessera = DriverManager.getConnection(cluster.jdbcUrl(1))) {
            assertEquals(expected, metadata(tessera));
        }
    }
}
