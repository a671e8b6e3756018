package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.coordinator.session.Warning;
import io.tessera.sql.parser.ddl.PgTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * PostgreSQL's WARNING for a {@code time(p)}, {@code timestamp(p)} or {@code timestamptz(p)} written with p above 6,
 * the most the types hold: {@code TIMESTAMP(7) precision reduced to maximum allowed, 6} (22023; {@code TIME(7)},
 * {@code TIMESTAMP(9) WITH TIME ZONE}), at the type name, once per type name in the statement as parsed (a column's
 * type, a cast's). The type then has precision 6: a column's atttypmod ({@code DdlExecutor.column}), a cast's
 * rounding ({@code IntervalFunctions.timeCast}, {@code PgTypeSystem}). PostgreSQL's {@code anytime_typmod_check},
 * {@code anytimestamp_typmod_check}.
 */
final class PrecisionWarnings {
    /** PostgreSQL's MAX_TIME_PRECISION and MAX_TIMESTAMP_PRECISION. */
    static final int MAX_PRECISION = 6;

    private PrecisionWarnings() {
    }

    /**
     * The warnings of {@code statement} (parsed from {@code sql}), positions (1-based, 0 for none) made the
     * client's by {@code toClient}; empty when no type asks for more than 6 digits.
     */
    static List<Warning> of(SqlNode statement, String sql, IntUnaryOperator toClient) {
        List<Warning> out = new ArrayList<>();
        if (statement == null || !sql.contains("(")) {
            return out;
        }
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(org.apache.calcite.sql.SqlCall call) {
                List<SqlNode> operands;
                try {
                    operands = call.getOperandList();
                } catch (RuntimeException noOperands) {
                    return null; // a statement node that lists no operands (some DDL): nothing to warn about in it
                }
                for (SqlNode operand : operands) {
                    if (operand != null) {
                        operand.accept(this);
                    }
                }
                return null;
            }

            @Override
            public Void visit(org.apache.calcite.sql.SqlNodeList list) {
                for (SqlNode item : list) {
                    if (item != null) {
                        item.accept(this);
                    }
                }
                return null;
            }

            @Override
            public Void visit(SqlDataTypeSpec spec) {
                String name;
                int precision;
                if (spec instanceof PgTypeName t && !t.userDefined()) {
                    name = t.typeName();
                    precision = t.precision();
                } else if (spec.getTypeNameSpec() instanceof PgTypeName.Named n) {
                    name = n.pgName();
                    precision = name.equals("time") ? n.pgPrecision() : n.getPrecision();
                } else {
                    return null;
                }
                String written = switch (name) {
                    case "time" -> "TIME";
                    case "timestamp" -> "TIMESTAMP";
                    case "timestamptz" -> "TIMESTAMP";
                    default -> null;
                };
                if (written != null && precision > MAX_PRECISION) {
                    int at = CalciteErrors.offset(sql, spec.getParserPosition().getLineNum(),
                            spec.getParserPosition().getColumnNum());
                    out.add(new Warning(SqlState.INVALID_PARAMETER_VALUE, written + "(" + precision + ")"
                            + (name.equals("timestamptz") ? " WITH TIME ZONE" : "")
                            + " precision reduced to maximum allowed, " + MAX_PRECISION,
                            toClient.applyAsInt(at)));
                }
                return null;
            }
        });
        return out;
    }
}
