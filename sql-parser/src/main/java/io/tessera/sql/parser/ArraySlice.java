package io.tessera.sql.parser;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's array slice {@code a[lower:upper]}, {@code a[:upper]}, {@code a[lower:]}, {@code a[:]}, as the parser
 * builds it: a call of {@link #OPERATOR} on the array and the two bounds, an omitted bound being the symbol
 * {@link Bound#OMITTED} (the array's own bound), which differs from a NULL bound (a NULL slice). The slice has the
 * array's type; the coordinator computes it ({@code PgRuntime.arraySlice}): the elements between the bounds,
 * clipped to the array, an empty array when none are left.
 * https://www.postgresql.org/docs/15/arrays.html#ARRAYS-ACCESSING
 */
public final class ArraySlice {
    /** An omitted bound. */
    public enum Bound { OMITTED }

    /** An array (or NULL) and two integer (or NULL, or omitted) bounds. */
    private static final SqlOperandTypeChecker OPERANDS = new SqlOperandTypeChecker() {
        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            RelDataType a = binding.getOperandType(0);
            boolean ok = a.getSqlTypeName() == SqlTypeName.NULL || a.getComponentType() != null;
            for (int i = 1; i < 3; i++) {
                RelDataType b = binding.getOperandType(i);
                ok &= b.getSqlTypeName() == SqlTypeName.NULL || b.getSqlTypeName() == SqlTypeName.SYMBOL
                        || SqlTypeUtil.isIntType(b) || SqlTypeUtil.inCharFamily(b);
            }
            if (!ok && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return ok;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.of(3);
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            return "<ARRAY>[<INTEGER>:<INTEGER>]";
        }
    };

    /** {@code a[lower:upper]}: the array's type, nullable. */
    public static final SqlFunction OPERATOR = new SqlFunction("ARRAY_SLICE", SqlKind.OTHER_FUNCTION,
            ReturnTypes.ARG0_FORCE_NULLABLE, null, OPERANDS, SqlFunctionCategory.SYSTEM) {
        @Override
        public SqlSyntax getSyntax() {
            return SqlSyntax.SPECIAL;
        }

        /** Operands typed and checked here: a function would be looked up again by name in the operator table. */
        @Override
        public RelDataType deriveType(SqlValidator validator, SqlValidatorScope scope, SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                validator.deriveType(scope, operand);
            }
            return validateOperands(validator, scope, call);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
            call.operand(0).unparse(writer, getLeftPrec(), getRightPrec());
            SqlWriter.Frame frame = writer.startList("[", "]");
            unparseBound(writer, call.operand(1));
            writer.sep(":");
            unparseBound(writer, call.operand(2));
            writer.endList(frame);
        }

        private void unparseBound(SqlWriter writer, SqlNode bound) {
            if (!isOmitted(bound)) {
                bound.unparse(writer, 0, 0);
            }
        }
    };

    private ArraySlice() {
    }

    /** A bound left out ({@code a[:2]}). */
    public static SqlNode omitted(SqlParserPos pos) {
        return SqlLiteral.createSymbol(Bound.OMITTED, pos);
    }

    /** Whether {@code bound} is {@link #omitted}. */
    public static boolean isOmitted(SqlNode bound) {
        return bound instanceof SqlLiteral l && l.getValue() == Bound.OMITTED;
    }

    /**
     * Replaces the operand the slice follows, the last one in the parser's list of operands and operators (an
     * element access {@code a[1]} before it included, as subscripts bind tighter than every operator), with the
     * slice of it.
     */
    public static void add(List<Object> list, SqlNode lower, SqlNode upper, SqlParserPos pos) {
        int end = list.size();
        int start = end - 1;
        while (start >= 2 && list.get(start - 1) instanceof SqlParserUtil.ToTreeListItem item
                && item.getOperator().getKind() == SqlKind.ITEM) {
            start -= 2;
        }
        SqlNode array = (SqlNode) list.get(start);
        for (int i = start + 1; i < end; i += 2) {
            SqlParserUtil.ToTreeListItem item = (SqlParserUtil.ToTreeListItem) list.get(i);
            array = item.getOperator().createCall(item.getPos(), array, (SqlNode) list.get(i + 1));
        }
        list.subList(start, end).clear();
        list.add(OPERATOR.createCall(pos, array, lower == null ? omitted(pos) : lower,
                upper == null ? omitted(pos) : upper));
    }
}
