package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.functions.IntervalFunctions;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit coercion, with PostgreSQL's rule for a string beside a value of a type Calcite would rather
 * turn into a string: in {@code u = 'a0ee...'}, {@code u IN ('...', '...')} or {@code CASE} branches, the string
 * is an unknown-typed literal that PostgreSQL reads with the other type's input function, so the string is cast to
 * {@code uuid} (22P02 for bad input), never the uuid to text (which would compare text forms: {@code '{A0EE...}'}
 * would not equal its uuid).
 */
public final class PgTypeCoercion extends TypeCoercionImpl {
    PgTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    /**
     * INSERT and UPDATE into interval columns: a source value of another type (a string, {@code '1 day'}) goes
     * through the interval input function ({@code tessera_interval_in}), as PostgreSQL's assignment of an
     * unknown-typed literal does; Calcite's own coercion would build a CAST to its Java type, which it cannot.
     * Other columns get Calcite's coercion. Returns true when interval columns were present (they are then
     * assignable; Calcite's fallback check has no rule for them).
     */
    @Override
    public boolean querySourceCoercion(SqlValidatorScope scope, RelDataType sourceRowType, RelDataType targetRowType,
            SqlNode query) {
        List<RelDataTypeField> source = sourceRowType.getFieldList();
        List<RelDataTypeField> target = targetRowType.getFieldList();
        int n = Math.min(source.size(), target.size());
        boolean intervals = false;
        List<RelDataType> rest = new ArrayList<>(target.size());
        for (int i = 0; i < target.size(); i++) {
            RelDataType t = target.get(i).getType();
            if (i < n && (IntervalFunctions.isInterval(t) || IntervalFunctions.isTime(t))) {
                intervals = true;
                RelDataType s = source.get(i).getType();
                boolean same = IntervalFunctions.isTime(t) ? IntervalFunctions.isTime(s) : IntervalFunctions.isInterval(s);
                if (!same && s.getSqlTypeName() != SqlTypeName.NULL) {
                    if (!wrapColumn(query, i, n, t)) {
                        return false;
                    }
                }
                rest.add(s);
            } else {
                rest.add(t);
            }
        }
        if (!intervals) {
            return super.querySourceCoercion(scope, sourceRowType, targetRowType, query);
        }
        RelDataType others = factory.createStructType(rest, targetRowType.getFieldNames());
        super.querySourceCoercion(scope, sourceRowType, others, query);
        return true;
    }

    /** Wraps source column {@code i} (of {@code n} target columns) of an INSERT or UPDATE in the interval input. */
    private boolean wrapColumn(SqlNode query, int i, int n, RelDataType column) {
        if (query instanceof SqlInsert insert) {
            return wrapColumn(insert.getSource(), i, n, column);
        }
        if (query instanceof SqlUpdate update && update.getSourceSelect() != null) {
            SqlNodeList items = update.getSourceSelect().getSelectList();
            return wrapItem(items, items.size() - n + i, column);
        }
        if (query instanceof SqlSelect select) {
            return wrapItem(select.getSelectList(), i, column);
        }
        if (query.getKind() == SqlKind.VALUES) {
            for (SqlNode row : ((SqlCall) query).getOperandList()) {
                SqlCall r = (SqlCall) row;
                SqlCall wrapped = input(r.operand(i), column);
                r.setOperand(i, wrapped);
                updateInferredType(wrapped, inputType(column));
            }
            return true;
        }
        return false;
    }

    /** The input function of an interval column, or of a time column under engine.microseconds, on {@code v}. */
    private static SqlCall input(SqlNode v, RelDataType column) {
        return IntervalFunctions.isTime(column) ? IntervalFunctions.timeCast(v, -1) : IntervalFunctions.intervalIn(v);
    }

    private RelDataType inputType(RelDataType column) {
        return IntervalFunctions.isTime(column) ? IntervalFunctions.timeType(factory)
                : IntervalFunctions.intervalType(factory);
    }

    private boolean wrapItem(SqlNodeList items, int at, RelDataType column) {
        if (at < 0 || at >= items.size()) {
            return false;
        }
        SqlNode item = items.get(at);
        SqlCall wrapped;
        if (item.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) item;
            wrapped = input(as.operand(0), column);
            as.setOperand(0, wrapped);
        } else {
            wrapped = input(item, column);
            items.set(at, wrapped);
        }
        updateInferredType(wrapped, inputType(column));
        return true;
    }

    /**
     * True for a {@code real} (float4) beside an integer or a numeric, in either order: PostgreSQL computes and
     * compares them in double precision ({@code float48pl}, {@code float48eq} after the other side's cast).
     */
    public static boolean realBesideExact(RelDataType t1, RelDataType t2) {
        return isReal(t1) && SqlTypeUtil.isExactNumeric(t2) || isReal(t2) && SqlTypeUtil.isExactNumeric(t1);
    }

    /**
     * The type PostgreSQL compares {@code a} and {@code b} in: double precision for a {@code real} beside an integer
     * or a numeric ({@code float48eq}, although {@link PgJavaTypeFactory#leastRestrictive} unifies them as real, as
     * {@code VALUES} and {@code UNION} do), else their least restrictive type; null when they have none.
     */
    public static RelDataType comparisonType(RelDataTypeFactory factory, RelDataType a,
            RelDataType b) {
        if (realBesideExact(a, b)) {
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE),
                    a.isNullable() || b.isNullable());
        }
        return factory.leastRestrictive(List.of(a, b));
    }

    private static boolean isReal(RelDataType t) {
        return t.getSqlTypeName() == SqlTypeName.REAL || t.getSqlTypeName() == SqlTypeName.FLOAT;
    }

    /**
     * No coercion of {@code c IN ('a', 'b ')} for a char(n) {@code c} and a list of strings: Calcite would cast
     * {@code c} to a varchar, dropping its padding while the items keep their blanks; {@code PgRexRewriter} compares
     * each item as bpchar, as PostgreSQL resolves the unknown literals.
     */
    @Override
    public boolean inOperationCoercion(org.apache.calcite.sql.SqlCallBinding binding) {
        if (realInConstants(binding)) {
            return true;
        }
        if (binding.getOperandCount() == 2 && binding.operand(1) instanceof SqlNodeList items
                && binding.getOperandType(0).getSqlTypeName() == SqlTypeName.CHAR) {
            boolean strings = true;
            for (SqlNode item : items) {
                RelDataType t = binding.getValidator().deriveType(binding.getScope(), item);
                strings &= t != null && SqlTypeUtil.isCharacter(t);
            }
            if (strings) {
                return false;
            }
        }
        return super.inOperationCoercion(binding);
    }

    /**
     * PostgreSQL's {@code transformAExprIn}: two or more items of an IN list that reference no column are compared
     * with the left side in the common type of them all, as one {@code = ANY (array)}, which for a {@code real}
     * beside numeric constants is real ({@code 0.1::float4 IN (0.1, 0.3)} is true), where a single item or a column
     * is compared on its own, in double precision ({@code 0.1::float4 IN (0.1)} is false). Coerces the left side and
     * the items to real and returns true for such a list; false, changing nothing, otherwise.
     */
    private boolean realInConstants(org.apache.calcite.sql.SqlCallBinding binding) {
        if (binding.getOperandCount() != 2 || !(binding.operand(1) instanceof SqlNodeList items) || items.size() < 2
                || binding.operand(0).getKind() == SqlKind.ROW) {
            return false;
        }
        List<RelDataType> types = new ArrayList<>();
        types.add(binding.getOperandType(0));
        for (SqlNode item : items) {
            if (referencesColumn(item)) {
                return false;
            }
            types.add(binding.getValidator().deriveType(binding.getScope(), item));
        }
        boolean real = false;
        boolean exact = false;
        for (RelDataType t : types) {
            real |= isReal(t);
            exact |= SqlTypeUtil.isExactNumeric(t);
        }
        RelDataType common = real && exact ? factory.leastRestrictive(types) : null;
        if (common == null || !isReal(common)) {
            return false;
        }
        coerceOperandType(binding.getScope(), binding.getCall(), 0, common);
        for (int j = 0; j < items.size(); j++) {
            coerceColumnType(binding.getScope(), items, j, common);
        }
        updateInferredType(items, common);
        return true;
    }

    private static boolean referencesColumn(SqlNode node) {
        if (node instanceof org.apache.calcite.sql.SqlIdentifier) {
            return true;
        }
        if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                if (operand != null && referencesColumn(operand)) {
                    return true;
                }
            }
        }
        return node instanceof SqlNodeList list && list.stream().anyMatch(n -> n != null && referencesColumn(n));
    }

    /**
     * No common type for a comparison of a char(n) value with another string: Calcite would cast both sides to a
     * varchar (or the varchar side to char(n)), which decides for PostgreSQL's operator resolution the wrong way
     * ({@code n_name = 'GERMANY   '} compared as text). {@code PgRexRewriter} resolves such a comparison as
     * PostgreSQL does, bpchar or text, from the operands as written. A {@code real} beside an integer or a numeric
     * is compared in double precision ({@link #comparisonType}).
     */
    @Override
    public RelDataType commonTypeForBinaryComparison(RelDataType t1, RelDataType t2) {
        if (t1 != null && t2 != null && SqlTypeUtil.isCharacter(t1) && SqlTypeUtil.isCharacter(t2)
                && (t1.getSqlTypeName() == SqlTypeName.CHAR || t2.getSqlTypeName() == SqlTypeName.CHAR)) {
            return null;
        }
        if (t1 != null && t2 != null && realBesideExact(t1, t2)) {
            return comparisonType(factory, t1, t2); // IN lists and sub-queries: float48eq
        }
        RelDataType t = stringBeside(t1, t2);
        return t != null ? t : super.commonTypeForBinaryComparison(t1, t2);
    }

    @Override
    public RelDataType getTightestCommonType(RelDataType t1, RelDataType t2) {
        RelDataType t = stringBeside(t1, t2);
        return t != null ? t : super.getTightestCommonType(t1, t2);
    }

    /** The non-string type when one of the two is a string and the other a uuid; else null. */
    private RelDataType stringBeside(RelDataType t1, RelDataType t2) {
        if (t1 == null || t2 == null) {
            return null;
        }
        if (t1.getSqlTypeName() == SqlTypeName.UUID && SqlTypeUtil.isCharacter(t2)) {
            return factory.createTypeWithNullability(t1, t1.isNullable() || t2.isNullable());
        }
        if (t2.getSqlTypeName() == SqlTypeName.UUID && SqlTypeUtil.isCharacter(t1)) {
            return factory.createTypeWithNullability(t2, t1.isNullable() || t2.isNullable());
        }
        return null;
    }
}
