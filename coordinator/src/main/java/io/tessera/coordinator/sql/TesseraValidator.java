package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.SqlValidatorTable;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * Calcite's validator with PostgreSQL's visibility rule for system columns: {@code SELECT *} does not expand to
 * {@code xc_node_id}, which stays selectable by name (Postgres-XL's behaviour), nor to a catalog's {@code tableoid}.
 */
final class TesseraValidator extends SqlValidatorImpl {
    TesseraValidator(SqlOperatorTable opTab, SqlValidatorCatalogReader catalogReader, RelDataTypeFactory typeFactory,
            Config config) {
        super(opTab, catalogReader, typeFactory, config);
    }

    /**
     * PostgreSQL's interval casts and make_interval ({@code IntervalFunctions.rewrite}); date/time typed literals
     * read by Tessera's input functions ({@link DateTimeLiterals}).
     */
    @Override
    protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
        if (node instanceof org.apache.calcite.sql.SqlUnknownLiteral typed) {
            SqlNode resolved = DateTimeLiterals.resolve(typed);
            if (resolved != null) {
                return resolved instanceof org.apache.calcite.sql.SqlLiteral ? resolved
                        : super.performUnconditionalRewrites(resolved, underFrom);
            }
        }
        SqlNode interval = io.tessera.coordinator.sql.functions.IntervalFunctions.rewrite(node);
        return super.performUnconditionalRewrites(interval != null ? interval : node, underFrom);
    }

    /**
     * Operators and functions of PostgreSQL's interval ({@code IntervalFunctions.resolve}); casts to and from enum
     * types have their target type.
     */
    @Override
    public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
        if (expr instanceof org.apache.calcite.sql.SqlBasicCall call) {
            io.tessera.coordinator.sql.functions.IntervalFunctions.resolve(this, scope, call);
        }
        RelDataType enumCast = null;
        if (expr instanceof org.apache.calcite.sql.SqlBasicCall call && call.getKind() == org.apache.calcite.sql.SqlKind.CAST
                && call.operandCount() == 2 && call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec) {
            // Calcite gives a cast between strings the operand's collation: a cast to an enum type would stay text,
            // one from an enum type stay the enum (EnumValues); such a cast has its target type, and is CAST even
            // when written :: (whose binary-operator typing mixes the operand's and the target's collations)
            RelDataType target = spec.deriveType(this);
            RelDataType operand = super.deriveType(scope, call.operand(0));
            if (EnumValues.of(target) != null || EnumValues.of(operand) != null) {
                if (EnumValues.of(target) == null && org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(target)) {
                    target = getTypeFactory().createTypeWithCharsetAndCollation(target,
                            getTypeFactory().getDefaultCharset(), org.apache.calcite.sql.SqlCollation.IMPLICIT);
                }
                call.setOperator(org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST);
                enumCast = getTypeFactory().createTypeWithNullability(target, operand.isNullable());
            }
        }
        RelDataType derived = super.deriveType(scope, expr);
        if (enumCast != null) {
            setValidatedNodeType(expr, enumCast);
            return enumCast;
        }
        return derived;
    }

    /** A VALUES column mixing intervals and string literals reads the strings as intervals, as PostgreSQL does. */
    @Override
    protected void validateValues(org.apache.calcite.sql.SqlCall node, RelDataType targetRowType,
            SqlValidatorScope scope) {
        io.tessera.coordinator.sql.functions.IntervalFunctions.coerceValues(this, scope, node);
        super.validateValues(node, targetRowType, scope);
    }

    /** Called only while expanding a star: skips system columns of Tessera tables. */
    @Override
    protected void addToSelectList(List<SqlNode> list, Set<String> aliases, List<Map.Entry<String, RelDataType>> fieldList,
            SqlNode exp, SelectScope scope, boolean includeSystemVars) {
        if (!includeSystemVars && exp instanceof SqlIdentifier id && id.names.size() == 2
                && TesseraTable.XC_NODE_ID.equals(id.names.get(1)) && isTesseraTable(scope, id.names.get(0))) {
            return;
        }
        if (!includeSystemVars && exp instanceof SqlIdentifier id && id.names.size() == 2
                && io.tessera.coordinator.catalog.pgcatalog.CatalogTable.TABLEOID.equals(id.names.get(1))
                && isTable(scope, id.names.get(0), io.tessera.coordinator.catalog.pgcatalog.CatalogTable.class)) {
            return;
        }
        super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
    }

    private boolean isTesseraTable(SelectScope scope, String alias) {
        return isTable(scope, alias, TesseraTable.class);
    }

    private boolean isTable(SelectScope scope, String alias, Class<?> kind) {
        SqlValidatorScope.ResolvedImpl resolved = new SqlValidatorScope.ResolvedImpl();
        scope.resolve(List.of(alias), getCatalogReader().nameMatcher(), false, resolved);
        if (resolved.count() != 1) {
            return false;
        }
        SqlValidatorTable table = resolved.only().namespace.getTable();
        return table != null && table.unwrap(kind) != null;
    }
}
