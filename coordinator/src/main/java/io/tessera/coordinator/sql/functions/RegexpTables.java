package io.tessera.coordinator.sql.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * PostgreSQL's set-returning regular expression functions, as table functions in FROM
 * ({@code select * from regexp_split_to_table('a,b', ',')}), over {@link StringRuntime}'s matching:
 * <pre>
 *   regexp_split_to_table(s, pattern [, flags])  → setof text    (the pieces of regexp_split_to_array)
 *   regexp_matches(s, pattern [, flags])         → setof text[]  (the first match's groups; every match with 'g')
 * </pre>
 * A null argument gives no rows (the functions are strict). The row type is fixed, so the rows are computed when
 * scanned: {@link StableRowTypeTableFunction} may call the factories with stand-ins while planning.
 */
public final class RegexpTables {
    private RegexpTables() {
    }

    /** {@code regexp_split_to_table(s, pattern)}. */
    public static ScannableTable regexpSplitToTable(String s, String pattern) {
        return regexpSplitToTable(s, pattern, "");
    }

    /** {@code regexp_split_to_table(s, pattern, flags)}. */
    public static ScannableTable regexpSplitToTable(String s, String pattern, String flags) {
        return new Rows("regexp_split_to_table", false, () -> {
            List<Object[]> rows = new ArrayList<>();
            if (s != null && pattern != null && flags != null) {
                for (String piece : StringRuntime.split(s, pattern, flags, "regexp_split_to_table")) {
                    rows.add(new Object[] {piece});
                }
            }
            return rows;
        });
    }

    /** {@code regexp_matches(s, pattern)}: the first match's groups, or no row. */
    public static ScannableTable regexpMatches(String s, String pattern) {
        return regexpMatches(s, pattern, "");
    }

    /** {@code regexp_matches(s, pattern, flags)}: with {@code g}, one row per match. */
    public static ScannableTable regexpMatches(String s, String pattern, String flags) {
        return new Rows("regexp_matches", true, () -> {
            List<Object[]> rows = new ArrayList<>();
            if (s != null && pattern != null && flags != null) {
                for (List<String> groups : StringRuntime.regexpMatches(s, pattern, flags)) {
                    rows.add(new Object[] {groups});
                }
            }
            return rows;
        });
    }

    private static final class Rows extends AbstractTable implements ScannableTable {
        private final String column;
        private final boolean array;
        private final Supplier<List<Object[]>> rows;

        Rows(String column, boolean array, Supplier<List<Object[]>> rows) {
            this.column = column;
            this.array = array;
            this.rows = rows;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            RelDataType text = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
            return f.builder().add(column, array ? f.createArrayType(text, -1) : text).build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
