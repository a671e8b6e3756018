package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.AliasNamespace;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.util.Util;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A FROM item's alias with a column list, {@code t AS a (c1, c2)}, as PostgreSQL reads it
 * ({@code addRangeTableEntryForSubquery}, {@code buildRelationAliases}): the list may name fewer columns than the
 * item has, the rest keeping their own names ({@code (values (1, 2, 3)) v(a)} is {@code a, column2, column3}), and
 * may repeat a name; more names than columns is 42P10. Calcite's {@link AliasNamespace} wants exactly one distinct
 * name per column, Tessera's system column {@code xc_node_id} among a table's, so {@code t AS a (...)} naming every
 * column of t failed, and naming one more renamed {@code xc_node_id}. Here the names go to the columns a star shows;
 * the system column keeps its name and stays hidden from a star.
 */
final class ColumnAliasNamespace extends AliasNamespace {
    ColumnAliasNamespace(SqlValidatorImpl validator, SqlCall call, SqlNode enclosingNode) {
        super(validator, call, enclosingNode);
    }

    @Override
    protected RelDataType validateImpl(RelDataType targetRowType) {
        List<SqlNode> operands = call.getOperandList();
        if (operands.size() <= 2) {
            return super.validateImpl(targetRowType);
        }
        RelDataType rowType = child().getRowTypeSansSystemColumns();
        List<String> names = SqlIdentifier.simpleNames(Util.skip(operands, 2));
        String system = UsingJoins.systemColumn(validator, operands.get(0));
        List<RelDataTypeField> fields = rowType.getFieldList();
        long visible = fields.stream().filter(f -> !f.getName().equals(system)).count();
        if (names.size() > visible) {
            throw new TesseraException(SqlState.INVALID_COLUMN_REFERENCE, "table \"" + ((SqlIdentifier) operands.get(1))
                    .getSimple() + "\" has " + visible + " columns available but " + names.size()
                    + " columns specified");
        }
        boolean values = operands.get(0).getKind() == SqlKind.VALUES;
        RelDataTypeFactory.Builder builder = validator.getTypeFactory().builder().kind(rowType.getStructKind());
        int next = 0;
        for (RelDataTypeField field : fields) {
            String name = field.getName();
            if (!name.equals(system)) {
                // a VALUES column left unnamed is columnN, as PostgreSQL names them (Calcite's EXPR$N-1)
                name = next < names.size() ? names.get(next) : values ? "column" + (next + 1) : name;
                next++;
            }
            builder.add(name, field.getType());
        }
        return validator.getTypeFactory().createTypeWithNullability(builder.build(), rowType.isNullable());
    }

    /** The aliased table's, so that a star over the alias skips its system column as over the table. */
    @Override
    public @Nullable SqlValidatorTable getTable() {
        return child().getTable();
    }

    private SqlValidatorNamespace child() {
        return Objects.requireNonNull(validator.getNamespace(call.operand(0)), "namespace");
    }
}
