package io.tessera.coordinator.pgwire.types;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.List;
import java.util.Locale;

/**
 * One-dimensional arrays in result columns (catalog views' {@code text[]}, {@code int2vector}, {@code ARRAY(...)}),
 * Java {@code List}s, sent in PostgreSQL's text form {@code {a,"b c",NULL}} (array_out in
 * src/backend/utils/adt/arrayfuncs.c: elements are double-quoted when empty, equal to NULL, or containing
 * braces, commas, quotes, backslashes or white space; booleans print as t/f; floats, dates and timestamps as their
 * own type prints them). Only the text format is offered.
 */
public final class ArrayType extends PgWireType {
    public static final ArrayType BOOL = new ArrayType(1000, "_bool", null);
    public static final ArrayType INT2 = new ArrayType(1005, "_int2", null);
    public static final ArrayType INT4 = new ArrayType(1007, "_int4", null);
    public static final ArrayType INT8 = new ArrayType(1016, "_int8", null);
    public static final ArrayType TEXT = new ArrayType(1009, "_text", null);
    public static final ArrayType CHAR = new ArrayType(1002, "_char", null);
    public static final ArrayType FLOAT4 = new ArrayType(1021, "_float4", Float4Type.INSTANCE);
    public static final ArrayType FLOAT8 = new ArrayType(1022, "_float8", Float8Type.INSTANCE);
    public static final ArrayType NUMERIC = new ArrayType(1231, "_numeric", null);
    public static final ArrayType DATE = new ArrayType(1182, "_date", DateType.INSTANCE);
    public static final ArrayType TIMESTAMP = new ArrayType(1115, "_timestamp", TimestampType.WITHOUT_ZONE);
    public static final ArrayType TIMESTAMPTZ = new ArrayType(1185, "_timestamptz", TimestampType.WITH_ZONE);

    /** Every array type, for the OID registry. */
    static final ArrayType[] ALL = {BOOL, INT2, INT4, INT8, TEXT, CHAR, FLOAT4, FLOAT8, NUMERIC, DATE, TIMESTAMP,
        TIMESTAMPTZ};

    private final int oid;
    private final String name;
    /** The codec of the elements' text form, or null when it is the value's own (numbers, strings, t/f). */
    private final PgWireType element;

    private ArrayType(int oid, String name, PgWireType element) {
        this.oid = oid;
        this.name = name;
        this.element = element;
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

    @Override
    public Object decodeText(String text) {
        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "array parameters are not supported yet");
    }

    @Override
    public byte[] encodeBinary(Object value) {
        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "arrays are sent in text format only");
    }

    @Override
    public Object decodeBinary(byte[] bytes) {
        throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "array parameters are not supported yet");
    }
}
