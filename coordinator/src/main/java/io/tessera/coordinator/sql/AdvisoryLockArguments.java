package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * PostgreSQL's resolution of the advisory lock functions' arguments
 * ({@code catalog.pgcatalog.AdvisoryLockFunctions}): they exist for {@code (bigint)} and {@code (int, int)} only, and
 * an integer promotes implicitly to bigint but nothing else converts implicitly to an integer. Calcite would cast a
 * numeric or a double to the key ({@code pg_advisory_lock(1.5)} locking key 2) and a bigint to an int; PostgreSQL
 * finds no function (42883). An untyped literal (a string, NULL) is PostgreSQL's unknown and is accepted: a string
 * that is no integer then fails as its input (22P02).
 */
final class AdvisoryLockArguments {
    private static final Set<String> FUNCTIONS = Set.of("pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared",
            "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared", "pg_try_advisory_xact_lock",
            "pg_try_advisory_xact_lock_shared");

    private AdvisoryLockArguments() {
    }

    /**
     * Checks the arguments of {@code call} if it is an advisory lock function with one or two of them.
     *
     * @throws TesseraException 42883 "function pg_advisory_lock(numeric) does not exist" for arguments no
     *     PostgreSQL signature takes
     */
    static void check(SqlValidator validator, SqlValidatorScope scope, SqlBasicCall call) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        int n = call.operandCount();
        if (!FUNCTIONS.contains(name) || n < 1 || n > 2) {
            return;
        }
        boolean ok = true;
        List<String> types = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof org.apache.calcite.sql.SqlDynamicParam || operand instanceof SqlLiteral lit
                    && (lit.getTypeName() == SqlTypeName.NULL || lit.getTypeName() == SqlTypeName.CHAR)) {
                types.add("unknown"); // a parameter ($1) takes the function's type, as PostgreSQL's unknown does
                continue;
            }
            RelDataType t = validator.deriveType(scope, operand);
            SqlTypeName s = t.getSqlTypeName();
            ok &= s == SqlTypeName.TINYINT || s == SqlTypeName.SMALLINT || s == SqlTypeName.INTEGER
                    || (n == 1 && s == SqlTypeName.BIGINT);
            types.add(io.tessera.coordinator.sql.EnumExpressions.typeName(t));
        }
        if (!ok) {
            throw new TesseraException(SqlState.UNDEFINED_FUNCTION, "function " + name + "(" + String.join(", ", types)
                    + ") does not exist", null, "No function matches the given name and argument types. You might"
                    + " need to add explicit type casts.", 0, null);
        }
    }
}
