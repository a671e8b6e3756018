package io.tessera.coordinator.pgwire.types;

import java.util.HashMap;
import java.util.Map;

/** The codec for each type OID the frontend knows; any other OID travels as text ({@link UnknownType}). */
public final class PgWireTypes {
    private static final Map<Integer, PgWireType> BY_OID = new HashMap<>();

    static {
        for (PgWireType t : new PgWireType[] {
            BoolType.INSTANCE, Int2Type.INSTANCE, Int4Type.INSTANCE, Int8Type.INSTANCE, Float4Type.INSTANCE,
            Float8Type.INSTANCE, NumericType.INSTANCE, TextType.INSTANCE, VarcharType.INSTANCE, BpcharType.INSTANCE,
            NameType.INSTANCE, OidType.INSTANCE, DateType.INSTANCE, TimestampType.WITHOUT_ZONE, TimestampType.WITH_ZONE,
            ByteaType.INSTANCE, JsonType.INSTANCE, JsonbType.INSTANCE, UuidType.INSTANCE, TimeType.INSTANCE, IntervalType.INSTANCE, BitStringType.BIT,
            BitStringType.VARBIT, UnknownType.INSTANCE,
        }) {
            BY_OID.put(t.oid(), t);
        }
        for (ArrayType t : ArrayType.ALL) {
            BY_OID.put(t.oid(), t);
        }
    }

    private PgWireTypes() {
    }

    /** The codec for this OID; {@link UnknownType} for 0 (unspecified) and for OIDs without a codec. */
    public static PgWireType forOid(int oid) {
        PgWireType t = BY_OID.get(oid);
        return t == null ? UnknownType.INSTANCE : t;
    }

    /** Whether the frontend has a codec of its own for this OID (binary format is only offered for those). */
    public static boolean isKnown(int oid) {
        return BY_OID.containsKey(oid) && oid != UnknownType.INSTANCE.oid() && !(BY_OID.get(oid) instanceof ArrayType);
    }
}
