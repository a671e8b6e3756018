package io.tessera.common.types;

/**
 * The PostgreSQL types Tessera stores and ships, with PostgreSQL's OIDs (from {@code pg_type.dat}).
 *
 * <p>Every layer agrees on one Java representation per type — the one Apache Calcite's enumerable runtime
 * uses, so rows pass between the planner's runtime, the wire and storage without conversion:
 * <pre>
 *   BOOL          Boolean
 *   INT2          Short
 *   INT4          Integer
 *   INT8          Long
 *   FLOAT4        Float
 *   FLOAT8        Double
 *   NUMERIC       java.math.BigDecimal
 *   TEXT, VARCHAR, BPCHAR, NAME, JSON, JSONB   String
 *   BYTEA         byte[]
 *   DATE          Integer, days since 1970-01-01
 *   TIMESTAMP     Long, milliseconds since 1970-01-01 00:00 (no zone)
 *   TIMESTAMPTZ   Long, milliseconds since the epoch (UTC)
 *   OID           Integer
 *   TIME          Integer, milliseconds since midnight (0 to 86,400,000: 24:00:00 is a time)
 *   INTERVAL      {@link PgInterval} (months, days, microseconds; not a distribution column)
 *   UUID          java.util.UUID (ordered as PostgreSQL orders it, bytewise unsigned: {@link #compareUuid})
 *   BIT, VARBIT   String of the characters 0 and 1 ({@link BitStrings}; no distribution hash, as PostgreSQL has no
 *                 hash operator class for bit strings)
 *   *_ARRAY       java.util.List of the element's representation (NULL elements null), a List of Lists per
 *                 further dimension ({@link ArrayText}); lower bounds are 1
 * </pre>
 * Timestamps are microseconds, PostgreSQL's unit, in the engine as stored and on the wire
 * (docs/storage-format.md).
 */
public enum PgType {
    BOOL(16, "boolean", 1, true),
    BYTEA(17, "bytea", -1, true),
    NAME(19, "name", 64, true),
    INT8(20, "bigint", 8, true),
    INT2(21, "smallint", 2, true),
    INT4(23, "integer", 4, true),
    TEXT(25, "text", -1, true),
    OID(26, "oid", 4, true),
    JSON(114, "json", -1, false),
    FLOAT4(700, "real", 4, true),
    FLOAT8(701, "double precision", 8, true),
    BPCHAR(1042, "character", -1, true),
    VARCHAR(1043, "character varying", -1, true),
    DATE(1082, "date", 4, true),
    TIME(1083, "time without time zone", 8, true),
    TIMESTAMP(1114, "timestamp without time zone", 8, true),
    TIMESTAMPTZ(1184, "timestamp with time zone", 8, true),
    INTERVAL(1186, "interval", 16, false),
    BIT(1560, "bit", -1, false),
    VARBIT(1562, "bit varying", -1, false),
    NUMERIC(1700, "numeric", -1, true),
    UUID(2950, "uuid", 16, true),
    JSONB(3802, "jsonb", -1, false),
    // One-dimensional array types (pg_type.dat's _bool, _int4, ...): a column declared int[], int[][] or int[3] is
    // INT4_ARRAY (PostgreSQL ignores the declared dimensions). The value is a List of the element's representation,
    // nested one List per dimension (ArrayText); not a distribution column (docs/storage-format.md).
    BOOL_ARRAY(1000, BOOL),
    INT2_ARRAY(1005, INT2),
    INT4_ARRAY(1007, INT4),
    TEXT_ARRAY(1009, TEXT),
    BPCHAR_ARRAY(1014, BPCHAR),
    VARCHAR_ARRAY(1015, VARCHAR),
    INT8_ARRAY(1016, INT8),
    FLOAT4_ARRAY(1021, FLOAT4),
    FLOAT8_ARRAY(1022, FLOAT8),
    TIMESTAMP_ARRAY(1115, TIMESTAMP),
    DATE_ARRAY(1182, DATE),
    TIME_ARRAY(1183, TIME),
    TIMESTAMPTZ_ARRAY(1185, TIMESTAMPTZ),
    INTERVAL_ARRAY(1187, INTERVAL),
    NUMERIC_ARRAY(1231, NUMERIC),
    BIT_ARRAY(1561, BIT),
    VARBIT_ARRAY(1563, VARBIT),
    UUID_ARRAY(2951, UUID),
    JSONB_ARRAY(3807, JSONB);

    private final int oid;
    private final String sqlName;
    private final int typlen;
    private final boolean hashable;
    private final PgType element;

    PgType(int oid, String sqlName, int typlen, boolean hashable) {
        this.oid = oid;
        this.sqlName = sqlName;
        this.typlen = typlen;
        this.hashable = hashable;
        this.element = null;
    }

    PgType(int oid, PgType element) {
        this.oid = oid;
        this.sqlName = element.sqlName + "[]";
        this.typlen = -1;
        this.hashable = false;
        this.element = element;
    }

    /** The element type of an array type ({@code INT4} of {@code INT4_ARRAY}), null for a scalar type. */
    public PgType element() {
        return element;
    }

    /** Whether this is an array type. */
    public boolean isArray() {
        return element != null;
    }

    /** The array type whose elements are {@code element}, or null when Tessera has no column type for it. */
    public static PgType arrayOf(PgType element) {
        for (PgType t : values()) {
            if (element != null && t.element == element) {
                return t;
            }
        }
        return null;
    }

    /** PostgreSQL's type OID. */
    public int oid() {
        return oid;
    }

    /** The name {@code format_type} prints, e.g. {@code "character varying"}. */
    public String sqlName() {
        return sqlName;
    }

    /** {@code pg_type.typlen}: bytes of the fixed-size binary form, -1 for variable length. */
    public int typlen() {
        return typlen;
    }

    /** Whether a column of this type may be a distribution column (PostgreSQL has no hash opclass for json). */
    public boolean hashable() {
        return hashable;
    }

    /**
     * PostgreSQL's order of two uuids: {@code memcmp} of their 16 bytes ({@code uuid_cmp} in uuid.c), i.e. the
     * halves compared as unsigned numbers. {@link java.util.UUID#compareTo} compares them signed and so orders
     * {@code 8...} to {@code f...} before {@code 0...}; nothing in Tessera may use it.
     */
    public static int compareUuid(java.util.UUID a, java.util.UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** The type with this OID, or null when Tessera does not know it. */
    public static PgType ofOid(int oid) {
        for (PgType t : values()) {
            if (t.oid == oid) {
                return t;
            }
        }
        return null;
    }
}
