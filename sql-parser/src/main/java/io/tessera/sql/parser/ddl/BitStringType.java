package io.tessera.sql.parser.ddl;

import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

/**
 * PostgreSQL's bit string types, {@code bit(n)} and {@code bit varying(n)}, as Calcite types.
 *
 * <p>A bit string is a {@code String} of 0 and 1 in the engine ({@code io.tessera.common.types.BitStrings}), so to
 * Calcite it is a {@code VARCHAR} — {@code VARCHAR(n)} for a length n, unbounded without one — marked by a
 * {@link BitCollation} ({@code bit} or {@code varbit}): the collation keeps it apart from text (RowDescription's
 * OIDs 1560/1562, casts, the bitwise operators) while the string order, which is PostgreSQL's {@code bit_cmp},
 * serves comparisons, ORDER BY, GROUP BY and DISTINCT on the coordinator and the datanodes alike.
 */
public final class BitStringType {
    private BitStringType() {
    }

    /** The collation that marks a VARCHAR as a bit string: {@code bit} or {@code varbit} (no Collator). */
    public static final class BitCollation extends SqlCollation {
        private final boolean varying;

        BitCollation(boolean varying, java.nio.charset.Charset charset) {
            super(Coercibility.IMPLICIT, Locale.ROOT, charset, varying ? "varbit" : "bit");
            this.varying = varying;
        }

        /** Whether this is {@code bit varying}. */
        public boolean varying() {
            return varying;
        }

        @Override
        public java.text.Collator getCollator() {
            return null;
        }
    }

    /** The Calcite type of {@code bit(length)} / {@code bit varying(length)} (length -1: none), nullable. */
    public static RelDataType relType(RelDataTypeFactory f, boolean varying, int length) {
        RelDataType varchar = f.createTypeWithNullability(length > 0 ? f.createSqlType(SqlTypeName.VARCHAR, length)
                : f.createSqlType(SqlTypeName.VARCHAR), true);
        java.nio.charset.Charset charset = f.getDefaultCharset();
        return f.createTypeWithCharsetAndCollation(varchar, charset, new BitCollation(varying, charset));
    }

    /** Whether {@code t} is a bit string type. */
    public static boolean is(RelDataType t) {
        return t != null && t.getCollation() instanceof BitCollation && t.getSqlTypeName() != SqlTypeName.NULL;
    }

    /** Whether {@code t} is {@code bit varying} (false for bit and for other types). */
    public static boolean isVarying(RelDataType t) {
        return is(t) && ((BitCollation) t.getCollation()).varying();
    }

    /** The length n of bit(n)/bit varying(n), or -1 when {@code t} has none. */
    public static int length(RelDataType t) {
        return t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? -1 : t.getPrecision();
    }

    /** {@code bit(n)} or {@code bit varying(n)} as a type name in a cast. */
    public static final class Spec extends SqlTypeNameSpec {
        private final boolean varying;
        private final int length;

        Spec(boolean varying, int length, SqlParserPos pos) {
            super(new SqlIdentifier(varying ? "VARBIT" : "BIT", pos), pos);
            this.varying = varying;
            this.length = length;
        }

        @Override
        public RelDataType deriveType(SqlValidator validator) {
            return relType(validator.getTypeFactory(), varying, length);
        }

        @Override
        public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
            writer.keyword(varying ? "VARBIT" : "BIT");
            if (length > 0) {
                SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.FUN_CALL, "(", ")");
                writer.literal(String.valueOf(length));
                writer.endList(frame);
            }
        }

        @Override
        public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
            return spec instanceof Spec s && s.varying == varying && s.length == length
                    || litmus.fail("{} != {}", this, spec);
        }
    }
}
