package io.tessera.coordinator.sql;

import io.tessera.coordinator.sql.functions.PgFunctionTable;
import java.util.List;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * The built-in function library: Calcite's standard operators plus its PostgreSQL library (md5, split_part, ILIKE,
 * to_char, string_agg, ...). Function names resolve case-insensitively even though identifiers are
 * case-sensitive (PostgreSQL folds unquoted names; Calcite's built-ins are registered upper-case).
 */
final class PgOperatorTable implements SqlOperatorTable {
    static final PgOperatorTable INSTANCE = new PgOperatorTable();
    private static final SqlNameMatcher CASE_INSENSITIVE = SqlNameMatchers.withCaseSensitive(false);

    private final SqlOperatorTable delegate = SqlLibraryOperatorTableFactory.INSTANCE
            .getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL);

    private PgOperatorTable() {
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
            List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
        if (opName.names.size() == 2 && opName.names.get(0).equals("pg_catalog")) {
            // built-ins live in pg_catalog: pg_catalog.count(...) is count(...)
            opName = new SqlIdentifier(opName.names.get(1), opName.getParserPosition());
        }
        if (syntax == SqlSyntax.BINARY && opName.isSimple()) {
            // the validator looks a parsed operator up again by name: PostgreSQL's array, json and LIKE ANY/ALL operators are Tessera's
            for (SqlOperator op : java.util.stream.Stream.of(io.tessera.sql.parser.ArrayOperators.ALL,
                    io.tessera.sql.parser.JsonOperators.ALL, io.tessera.sql.parser.QuantifiedLike.ALL)
                    .flatMap(List::stream).toList()) {
                if (op.getName().equals(opName.getSimple())) {
                    operatorList.add(op);
                    return;
                }
            }
        }
        if ((syntax == SqlSyntax.BINARY || syntax == SqlSyntax.PREFIX) && opName.isSimple()) {
            // PostgreSQL's bitwise operators and ^@ (Calcite's & and << are another semantics, ~ a regex)
            for (SqlOperator op : io.tessera.sql.parser.BitOperators.ALL) {
                if (op.getName().equals(opName.getSimple()) && op.getSyntax() == syntax) {
                    operatorList.add(op);
                    return;
                }
            }
        }
        if (opName.isSimple() && opName.getSimple().equalsIgnoreCase("current_schema")) {
            return; // Calcite's CURRENT_SCHEMA has no implementation: pg_catalog's function answers
        }
        if (opName.isSimple() && opName.getSimple().equalsIgnoreCase("random")) {
            return; // pg_catalog's volatile random() answers, seeded by setseed (Calcite's is evaluated once per plan)
        }
        // PostgreSQL-correct versions of some functions hide Calcite's (see PgFunctionTable)
        PgFunctionTable.INSTANCE.lookupOperatorOverloads(opName, category, syntax, operatorList, CASE_INSENSITIVE);
        if (PgFunctionTable.INSTANCE.defines(opName) && !operatorList.isEmpty()) {
            return;
        }
        delegate.lookupOperatorOverloads(opName, category, syntax, operatorList, CASE_INSENSITIVE);
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        return delegate.getOperatorList();
    }
}
