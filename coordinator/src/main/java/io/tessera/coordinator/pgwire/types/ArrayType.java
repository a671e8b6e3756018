package io.tessera.coordinator.pgwire.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Arrays in result columns (catalog views' {@code text[]}, {@code int2vector}, {@code ARRAY(...)}),
 * Java {@code List}s (a multi-dimensional one nested lists, {@code {{1,2},{3,4}}}), sent in PostgreSQL's text form {@code {a,"b c",NULL}} (array_out in
 * src/backend/utils/adt/arrayfuncs.c: elements are double-quoted when empty, equal to NULL, or containing
 * braces, commas, quotes, backslashes or white space; booleans print as t/f; floats, dates and timestamps as their
 * own type prints them); the binary form is {@code array_send}'s.
 */
public final class ArrayType extends PgWireType {
    public static final ArrayType BOOL = new ArrayType(1000, "_bool", null, BoolType.INSTANCE);
    public static final ArrayType INT2 = new ArrayType(1005, "_int2", null, Int2Type.INSTANCE);
    public static final ArrayType INT4 = new ArrayType(1007, "_int4", null, Int4Type.INSTANCE);
    public static final ArrayType INT8 = new ArrayType(1016, "_int8", null, Int8Type.INSTANCE);
    public static final ArrayType TEXT = new ArrayType(1009, "_text", null, TextType.INSTANCE);
    public static final ArrayType CHAR = new ArrayType(1002, "_char", null, null);
    public static final ArrayType FLOAT4 = new ArrayType(1021, "_float4", Float4Type.INSTANCE, Float4Type.INSTANCE);
    public static final ArrayType FLOAT8 = new ArrayType(1022, "_float8", Float8Type.INSTANCE, Float8Type.INSTANCE);
    public static final ArrayType NUMERIC = new ArrayType(1231, "_numeric", null, NumericType.INSTANCE);
    public static final ArrayType DATE = new ArrayType(1182, "_date", DateType.INSTANCE, DateType.INSTANCE);
    public static final ArrayType TIMESTAMP = new ArrayType(1115, "_timestamp", TimestampType.WITHOUT_ZONE,
            TimestampType.WITHOUT_ZONE);
    public static final ArrayType TIMESTAMPTZ = new ArrayType(1185, "_timestamptz", TimestampType.WITH_ZONE,
            TimestampType.WITH_ZONE);

    // the array types of array columns (PgType's *_ARRAY) whose Calcite type is another's array (varchar[] is an
    // array of VARCHAR, uuid[] of UUID ...): RowDescription names the column's own
    public static final ArrayType BPCHAR = new ArrayType(1014, "_bpchar", null, BpcharType.INSTANCE);
    public static final ArrayType VARCHAR = new ArrayType(1015, "_varchar", null, VarcharType.INSTANCE);
    public static final ArrayType TIME = new ArrayType(1183, "_time", TimeType.INSTANCE, TimeType.INSTANCE);
    public static final ArrayType INTERVAL = new ArrayType(1187, "_interval", IntervalType.INSTANCE,
            IntervalType.INSTANCE);
    public static final ArrayType BIT = new ArrayType(1561, "_bit", BitStringType.BIT, BitStringType.BIT);
    public static final ArrayType VARBIT = new ArrayType(1563, "_varbit", BitStringType.VARBIT, BitStringType.VARBIT);
    public static final ArrayType UUID = new ArrayType(2951, "_uuid", UuidType.INSTANCE, UuidType.INSTANCE);
    public static final ArrayType JSONB = new ArrayType(3807, "_jsonb", null, JsonbType.INSTANCE);

    /** Every array type, for the OID registry. */
    static final ArrayType[] ALL = {BOOL, INT2, INT4, INT8, TEXT, CHAR, FLOAT4, FLOAT8, NUMERIC, DATE, TIMESTAMP,
        TIMESTAMPTZ, BPCHAR, VARCHAR, TIME, INTERVAL, BIT, VARBIT, UUID, JSONB};

    private final int oid;
    private final String name;
    /** The codec of the elements' text form, or null when it is the value's own (numbers, strings, t/f). */
    private final PgWireType element;
    /** The codec that reads a parameter's elements, or null when an element is its text ({@code "char"}). */
    private final PgWireType input;

    private ArrayType(int oid, String name, PgWireType element, PgWireType input) {
        this.oid = oid;
        this.name = name;
        this.element = element;
        this.input = input;
    }

    @Override
    public int oid() {
        return oid;
    }

    @Override
    public String typeName() {
        return name;
    }

    @Override
    public int typlen() {
        return -1;
    }

    @Override
    public String encodeText(Object value) {
        List<?> list = value instanceof List<?> l ? l : List.of((Object[]) value);
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object e = list.get(i);
            if (e == null) {
                out.append("NULL");
                continue;
            }
            if (e instanceof List<?> || e instanceof Object[]) {
                out.append(encodeText(e)); // a multi-dimensional array's row: {{1,2},{3,4}}
                continue;
            }
            String s = element != null ? element.encodeText(e)
                    : e instanceof Boolean b ? (b ? "t" : "f") : e.toString();
            if (needsQuotes(s)) {
                out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                out.append(s);
            }
        }
        return out.append('}').toString();
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || s.toUpperCase(Locale.ROOT).equals("NULL")) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A parameter in text form ({@code {1,2}}, {@code {"a b",NULL}}: pgjdbc's {@code setArray}), as the list of its
     * elements read by the element type's codec (nested lists for a multi-dimensional one); 22P02 for text that is
     * no array.
     */
    @Override
    public Object decodeText(String text) {
        return io.tessera.common.types.ArrayText.parse(text, e -> input == null ? e : input.decodeText(e));
    }

    /**
     * {@code array_send}'s form (what {@link #decodeBinary} reads), which pgjdbc asks for once a statement is
     * prepared on the server: the number of dimensions, whether a NULL is present, the element type's OID, each
     * dimension's length and lower bound (1), then each element (a multi-dimensional one's in storage order) as a
     * length, -1 for NULL, and its bytes by the element type's codec; 0A000 for an array whose elements have none.
     */
    @Override
    public byte[] encodeBinary(Object value) {
        if (input == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "arrays of " + name + " are sent in text format only");
        }
        List<?> list = value instanceof List<?> l ? l : List.of((Object[]) value);
        int[] dims = io.tessera.common.types.ArrayText.dimensions(list);
        List<?> elements = io.tessera.executor.expr.Values.flatten(list);
        List<byte[]> encoded = new ArrayList<>(elements.size());
        int size = 12 + 8 * dims.length;
        for (Object e : elements) {
            byte[] b = e == null ? null : input.encodeBinary(e);
            encoded.add(b);
            size += 4 + (b == null ? 0 : b.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(dims.length);
        out.putInt(elements.contains(null) ? 1 : 0);
        out.putInt(input.oid());
        for (int d : dims) {
            out.putInt(d);
            out.putInt(1);
        }
        for (byte[] b : encoded) {
            out.putInt(b == null ? -1 : b.length);
            if (b != null) {
                out.put(b);
            }
        }
        return out.array();
    }

    /**
     * A parameter in binary form ({@code array_send}: the number of dimensions, a flags word, the element type's
     * OID, each dimension's length and lower bound, then each element as a length, -1 for NULL, and its bytes),
     * one-dimensional, read by the element type's codec; 22P03 for anything else.
     */
    @Override
    public Object decodeBinary(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int dimensions = in.getInt();
            in.getInt(); // flags: whether NULLs are present
            in.getInt(); // the element type's OID
            List<Object> out = new ArrayList<>();
            if (dimensions == 0) {
                return out;
            }
            if (dimensions != 1 || input == null) {
                throw new TesseraException(SqlState.INVALID_BINARY_REPRESENTATION, "invalid array in binary form");
            }
            int length = in.getInt();
            in.getInt(); // the lower bound
            for (int i = 0; i < length; i++) {
                int n = in.getInt();
                if (n < 0) {
                    out.add(null);
                    continue;
                }
                byte[] element = new byte[n];
                in.get(element);
                out.add(input.decodeBinary(element));
            }
            return out;
        } catch (java.nio.BufferUnderflowException e) {
            throw new TesseraException(SqlState.INVALID_BINARY_REPRESENTATION, "insufficient data left in message");
        }
    }
}
