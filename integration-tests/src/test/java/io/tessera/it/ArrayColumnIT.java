package io.tessera.it;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Array columns through pgjdbc 42.7, on Tessera and on a reference PostgreSQL 15 given the same statements: what a
 * client reads must be the same. Parameters bound by {@code setArray} ({@code createArrayOf}), by {@code setObject}
 * with a Java array and as text cast by the statement ({@code ?::int[]}), each prepared statement run past pgjdbc's
 * prepareThreshold (5), when it switches to a named server statement and binary transfer; values read back with
 * {@code getArray}; the columns as {@link ResultSetMetaData} and {@link DatabaseMetaData#getColumns} describe them
 * (the array type's OID in RowDescription, {@code Types.ARRAY}, {@code _int4}).
 */
class ArrayColumnIT {
    @RegisterExtension
    static final Differential db = new Differential(1, 2);

    private static String array(ResultSet rs, String column) throws SQLException {
        java.sql.Array a = rs.getArray(column);
        return a == null ? "null" : Arrays.deepToString((Object[]) a.getArray());
    }

    private static String parameters(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table arr_params (id int, a int[], t text[], n numeric[])");
        }
        List<String> out = new ArrayList<>();
        try (PreparedStatement bySetArray = c.prepareStatement("insert into arr_params values (?, ?, ?, ?)");
                PreparedStatement byObject = c.prepareStatement("insert into arr_params (id, a, t) values (?, ?, ?)");
                PreparedStatement byText = c.prepareStatement("insert into arr_params (id, a) values (?, ?::int[])");
                PreparedStatement update = c.prepareStatement("update arr_params set a = ? where id = ?")) {
            for (int run = 0; run < 7; run++) {
                bySetArray.setInt(1, run);
                bySetArray.setArray(2, c.createArrayOf("int4", new Integer[] {run, null, -run}));
                bySetArray.setArray(3, c.createArrayOf("text", new String[] {"a b", null, "NULL", "\"q\"", ""}));
                bySetArray.setArray(4, run % 2 == 0 ? null : c.createArrayOf("numeric",
                        new java.math.BigDecimal[] {new java.math.BigDecimal("1.50")}));
                out.add("setArray " + run + ": " + bySetArray.executeUpdate());
                byObject.setInt(1, 100 + run);
                byObject.setObject(2, new Integer[] {run * 10});
                byObject.setObject(3, new String[] {});
                out.add("setObject " + run + ": " + byObject.executeUpdate());
                byText.setInt(1, 200 + run);
                byText.setString(2, run % 3 == 0 ? "{}" : "{" + run + ",NULL}");
                out.add("text " + run + ": " + byText.executeUpdate());
            }
            for (int run = 0; run < 7; run++) {
                update.setArray(1, c.createArrayOf("int4", new Integer[] {run, run}));
                update.setInt(2, 200 + run);
                out.add("update " + run + ": " + update.executeUpdate());
            }
        }
        try (PreparedStatement read = c.prepareStatement(
                "select id, a, t, n, a[1] as first, cardinality(a) as len from arr_params where id >= ? order by id")) {
            for (int run = 0; run < 6; run++) {
                read.setInt(1, run * 40);
                try (ResultSet rs = read.executeQuery()) {
                    StringBuilder b = new StringBuilder("read " + run + ":");
                    while (rs.next()) {
                        b.append(' ').append(rs.getInt("id")).append('=').append(array(rs, "a")).append(array(rs, "t"))
                                .append(array(rs, "n")).append(rs.getObject("first")).append('/')
                                .append(rs.getObject("len"));
                    }
                    out.add(b.toString());
                }
            }
        }
        return String.join("\n", out);
    }

    @Test
    void arrayParametersAndValuesAreThoseOfPostgres() throws Exception {
        db.same(ArrayColumnIT::parameters);
    }

    private static String metadata(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("create table arr_md (id int, a int[], b bigint[], t text[], v varchar(10)[], n numeric(5,2)[],"
                    + " d date[], ts timestamp[], tz timestamptz[], u uuid[], j jsonb[], f float8[], g bool[])");
        }
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select * from arr_md")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + " " + md.getColumnType(i) + " "
                        + md.getColumnClassName(i));
            }
        }
        try (ResultSet rs = c.getMetaData().getColumns(null, "public", "arr_md", null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME") + " " + rs.getInt("DATA_TYPE") + " " + rs.getString("TYPE_NAME")
                        + " " + rs.getInt("COLUMN_SIZE") + " " + rs.getString("IS_NULLABLE"));
            }
        }
        return String.join("\n", out);
    }

    @Test
    void arrayColumnMetadataIsThatOfPostgres() throws Exception {
        db.same(ArrayColumnIT::metadata);
    }
}
