package io.tessera.coordinator.sql.functions;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.expr.Json;
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
 * PostgreSQL's set-returning json and jsonb functions as table functions in FROM
 * ({@code select * from jsonb_each('{"a": 1}')}, also LATERAL over a column):
 * <pre>
 *   json[b]_each(j)                 → (key text, value json[b])  the members of an object, in the value's order
 *   json[b]_each_text(j)            → (key text, value text)     the same, strings unquoted, null as NULL
 *   json[b]_object_keys(j)          → setof text                 the keys (json: duplicates included)
 *   json[b]_array_elements(j)       → (value json[b])            the elements of an array
 *   json[b]_array_elements_text(j)  → (value text)
 * </pre>
 * Values are the text of each part as it stands in {@code j} ({@link Json#rawMembers}): json's as written, jsonb's
 * in its normal form. A NULL argument gives no rows. Errors are PostgreSQL's 22023 ({@code cannot call jsonb_each
 * on a non-object}, {@code cannot extract elements from a scalar}).
 */
public final class JsonTables {
    private JsonTables() {
    }

    /** The SQL name of a table function of this class: {@code jsonbEachText} is {@code jsonb_each_text}. */
    public static String sqlName(java.lang.reflect.Method m) {
        return m.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    public static ScannableTable jsonEach(String j) {
        return each("json_each", j);
    }

    public static ScannableTable jsonbEach(String j) {
        return each("jsonb_each", j);
    }

    public static ScannableTable jsonEachText(String j) {
        return each("json_each_text", j);
    }

    public static ScannableTable jsonbEachText(String j) {
        return each("jsonb_each_text", j);
    }

    public static ScannableTable jsonObjectKeys(String j) {
        return objectKeys("json_object_keys", j);
    }

    public static ScannableTable jsonbObjectKeys(String j) {
        return objectKeys("jsonb_object_keys", j);
    }

    public static ScannableTable jsonArrayElements(String j) {
        return arrayElements("json_array_elements", j);
    }

    public static ScannableTable jsonbArrayElements(String j) {
        return arrayElements("jsonb_array_elements", j);
    }

    public static ScannableTable jsonArrayElementsText(String j) {
        return arrayElements("json_array_elements_text", j);
    }

    public static ScannableTable jsonbArrayElementsText(String j) {
        return arrayElements("jsonb_array_elements_text", j);
    }

    /** {@code json[b]_each[_text](j)}; {@code function} is the SQL name, for errors and the variant. */
    private static ScannableTable each(String function, String j) {
        boolean text = function.endsWith("_text");
        return new Rows(List.of("key", "value"), () -> {
            List<Object[]> rows = new ArrayList<>();
            if (j != null) {
                for (String[] member : Json.rawMembers(j, function)) {
                    rows.add(new Object[] {member[0], text ? Json.asText(member[1]) : member[1]});
                }
            }
            return rows;
        });
    }

    /** {@code json[b]_object_keys(j)}. */
    private static ScannableTable objectKeys(String function, String j) {
        return new Rows(List.of(function), () -> {
            List<Object[]> rows = new ArrayList<>();
            if (j != null) {
                String type = Json.typeOf(j);
                if (!type.equals("object")) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot call " + function + " on "
                            + (type.equals("array") ? "an array" : "a scalar"));
                }
                for (String[] member : Json.rawMembers(j, function)) {
                    rows.add(new Object[] {member[0]});
                }
            }
            return rows;
        });
    }

    /** {@code json[b]_array_elements[_text](j)}. */
    private static ScannableTable arrayElements(String function, String j) {
        boolean text = function.endsWith("_text");
        return new Rows(List.of("value"), () -> {
            List<Object[]> rows = new ArrayList<>();
            if (j != null) {
                for (String element : Json.rawElements(j)) {
                    rows.add(new Object[] {text ? Json.asText(element) : element});
                }
            }
            return rows;
        });
    }

    private static final class Rows extends AbstractTable implements ScannableTable {
        private final List<String> columns;
        private final Supplier<List<Object[]>> rows;

        Rows(List<String> columns, Supplier<List<Object[]>> rows) {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            RelDataType text = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
            RelDataTypeFactory.Builder b = f.builder();
            columns.forEach(c -> b.add(c, text));
            return b.build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
