package io.tessera.coordinator.sql;

import io.tessera.common.types.ArrayText;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.sql.exec.Coercion;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Parameters whose type validation inferred as an array ({@code k = ANY ($1)}, {@code $1::int[]}): pgjdbc's
 * {@code setArray(conn.createArrayOf("int4", ...))} declares {@code _int4} and sends the array's text (or, once the
 * statement is prepared on the server, its binary form), which the wire codec reads into a list; a parameter the
 * client left untyped arrives as text in array_in's syntax. Either way the value bound is the list Calcite holds an
 * ARRAY in, its elements of the array's element type.
 */
final class ArrayParameters {
    private ArrayParameters() {
    }

    /** The innermost element type of {@code type}, or null when it is no array. */
    static RelDataType element(RelDataType type) {
        RelDataType element = type.getComponentType();
        while (element != null && element.getComponentType() != null) {
            element = element.getComponentType();
        }
        return element;
    }

    /** The type OID ParameterDescription gives an array parameter ({@link TypeMapping#arrayOid}). */
    static int oid(RelDataType type) {
        return TypeMapping.arrayOid(element(type).getSqlTypeName());
    }

    /**
     * {@code v} (a list the wire codec read, or text) as the array {@code type} holds, each element coerced to the
     * element type as a column of it would be.
     *
     * @throws io.tessera.common.error.TesseraException 22P02 for text that is no array or an element the type does
     *     not take, 22003 for an element out of range
     */
    static List<Object> bind(Object v, RelDataType type) {
        PgType element = TypeMapping.toPgType(element(type));
        List<?> list = v instanceof List<?> l ? l : ArrayText.parse(v.toString());
        return coerce(list, new ColumnDef("element", element, -1, false));
    }

    private static List<Object> coerce(List<?> list, ColumnDef element) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object e : list) {
            out.add(e == null ? null : e instanceof List<?> sub ? coerce(sub, element)
                    : Coercion.toColumn(e, element, ""));
        }
        return out;
    }
}
