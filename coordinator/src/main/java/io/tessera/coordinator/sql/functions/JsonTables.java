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
 *   json[b]_to_record(j) AS x(a int, b text, ...)     → one row: each column the object's member of its name
 *   json[b]_to_recordset(j) AS x(a int, b text, ...)  → a row per object of the array
 * </pre>
 * The column definition list of the last two reaches here as a string constant, a JSON array of [name, type]
 * pairs, the names also as the alias's column list ({@code PgSyntax} rewrites {@code jsonb_to_record(j) AS x(a
 * int, b text)} to {@code jsonb_to_record(j, '[["a","int"],["b","text"]]') AS x(a, b)}); each member's text (a string's unquoted) is read as the
 * column's type reads text (22P02 for {@code "x"} as an integer), a json or jsonb column takes the member as it
 * is, a missing member or JSON null is NULL (PostgreSQL's {@code populate_record}).
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

    public static ScannableTable jsonToRecord(String j, String types) {
        return toRecords("json_to_record", j, types);
    }

    public static ScannableTable jsonbToRecord(String j, String types) {
        return toRecords("jsonb_to_record", j, types);
    }

    public static ScannableTable jsonToRecordset(String j, String types) {
        return toRecords("json_to_recordset", j, types);
    }

    public static ScannableTable jsonbToRecordset(String j, String types) {
        return toRecords("jsonb_to_recordset", j, types);
    }

    // without a column definition list (PgSyntax moves it into a second argument): PostgreSQL's 42601
    public static ScannableTable jsonToRecord(String j) {
        throw definitionListRequired();
    }

    public static ScannableTable jsonbToRecord(String j) {
        throw definitionListRequired();
    }

    public static ScannableTable jsonToRecordset(String j) {
        throw definitionListRequired();
    }

    public static ScannableTable jsonbToRecordset(String j) {
        throw definitionListRequired();
    }

    private static TesseraException definitionListRequired() {
        return new TesseraException(SqlState.SYNTAX_ERROR,
                "a column definition list is required for functions returning \"record\"");
    }

    /** A column of a column definition list: its name, type and typmod (-1: none). */
    private record Column(String name, io.tessera.common.types.PgType type, int typmod) {
    }

    /**
     * The columns of a column definition list as {@code PgSyntax} passes them: {@code [["a","int4"],["n",
     * "numeric(4,2)"]]}.
     *
     * @throws TesseraException 42704 for a type that does not exist (or that Tessera does not store)
     */
    private static List<Column> columns(String definitions) {
        List<Column> out = new ArrayList<>();
        for (Object definition : (List<?>) Json.parse(definitions)) {
            List<?> pair = (List<?>) definition;
            String t = pair.get(1).toString().strip().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
            int open = t.indexOf('(');
            String typeName = (open < 0 ? t : t.substring(0, open)).strip();
            List<Integer> args = new ArrayList<>();
            if (open >= 0 && t.endsWith(")")) {
                for (String a : t.substring(open + 1, t.length() - 1).split(",")) {
                    try {
                        args.add(Integer.parseInt(a.strip()));
                    } catch (NumberFormatException e) {
                        throw new TesseraException(SqlState.SYNTAX_ERROR, "syntax error at or near \"" + a.strip()
                                + "\"");
                    }
                }
            }
            io.tessera.common.types.PgType type = io.tessera.coordinator.sql.TypeMapping.ofName(typeName);
            int typmod = switch (type) {
                case VARCHAR, BPCHAR -> args.isEmpty() ? (type == io.tessera.common.types.PgType.BPCHAR ? 5 : -1)
                        : args.get(0) + 4;
                case NUMERIC -> args.isEmpty() ? -1 : ((args.get(0) << 16) | (args.size() > 1 ? args.get(1) : 0)) + 4;
                default -> -1;
            };
            String name = pair.get(0).toString();
            if (out.stream().anyMatch(c -> c.name().equals(name))) {
                throw new TesseraException(SqlState.DUPLICATE_COLUMN, "column name \"" + name
                        + "\" specified more than once");
            }
            out.add(new Column(name, type, typmod));
        }
        return out;
    }

    /** {@code json[b]_to_record[set](j)} with the columns {@code types}; see the class comment. */
    private static ScannableTable toRecords(String function, String json, String types) {
        List<Column> columns = columns(types);
        String j = json != null && function.startsWith("jsonb") ? Json.normalize(json) : json; // a literal's text
        List<String> names = columns.stream().map(Column::name).toList();
        boolean set = function.endsWith("set");
        return new Rows(f -> {
            RelDataTypeFactory.Builder b = f.builder();
            for (int i = 0; i < columns.size(); i++) {
                b.add(names.get(i), f.createTypeWithNullability(io.tessera.coordinator.sql.TypeMapping.toRelType(f,
                        columns.get(i).type(), columns.get(i).typmod()), true));
            }
            return b.build();
        }, () -> {
            List<Object[]> rows = new ArrayList<>();
            if (j == null) {
                if (!set) {
                    rows.add(new Object[columns.size()]); // populate_record of NULL: a row of NULLs
                }
                return rows;
            }
            String kind = Json.typeOf(j);
            if (set) {
                if (!kind.equals("array")) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot call " + function
                            + " on a non-array");
                }
                for (String element : Json.rawElements(j)) {
                    if (!Json.typeOf(element).equals("object")) {
                        throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "argument of " + function
                                + " must be an array of objects");
                    }
                    rows.add(record(function, element, columns));
                }
            } else {
                if (!kind.equals("object")) {
                    throw new TesseraException(SqlState.INVALID_PARAMETER_VALUE, "cannot call populate_composite on "
                            + (kind.equals("array") ? "an array" : "a scalar"));
                }
                rows.add(record(function, j, columns));
            }
            return rows;
        });
    }

    /** The row of {@code columns} the object {@code object} gives (a later duplicate key wins, as in json's). */
    private static Object[] record(String function, String object, List<Column> columns) {
        java.util.Map<String, String> members = new java.util.HashMap<>();
        for (String[] member : Json.rawMembers(object, function)) {
            members.put(member[0], member[1]);
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            String raw = members.get(c.name());
            if (raw == null || raw.equals("null")) {
                continue;
            }
            String text = c.type() == io.tessera.common.types.PgType.JSON
                    || c.type() == io.tessera.common.types.PgType.JSONB ? raw
                    : raw.startsWith("\"") ? Json.asText(raw) : raw;
            row[i] = io.tessera.executor.expr.TypmodCoercion.applyToColumn(
                    io.tessera.executor.expr.Casts.fromText(text, c.type()), c.type(), c.typmod());
        }
        return row;
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
        private final java.util.function.Function<RelDataTypeFactory, RelDataType> rowType;
        private final Supplier<List<Object[]>> rows;

        /** Rows of nullable text columns. */
        Rows(List<String> columns, Supplier<List<Object[]>> rows) {
            this(f -> {
                RelDataType text = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
                RelDataTypeFactory.Builder b = f.builder();
                columns.forEach(c -> b.add(c, text));
                return b.build();
            }, rows);
        }

        Rows(java.util.function.Function<RelDataTypeFactory, RelDataType> rowType, Supplier<List<Object[]>> rows) {
            this.rowType = rowType;
            this.rows = rows;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return rowType.apply(f);
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            return Linq4j.asEnumerable(rows.get());
        }
    }
}
