package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A sub-query in FROM whose select list repeats a name ({@code SELECT * FROM (SELECT a1.id, a2.id FROM a a1, a a2)
 * x}), which PostgreSQL allows as long as the query does not name that column ({@code x.id} is 42702 there): Calcite
 * expanded the outer star to {@code x.id, x.id} and refused both as ambiguous. Each repetition gets a unique alias
 * ({@code id$dup1}) before validation, and the star's column reports the name it repeats ({@link #clientName}, read
 * by {@code TesseraValidator}'s star names), so the client sees {@code id | id}. Only where no identifier of the
 * whole statement outside the sub-query has that name: a reference keeps Calcite's 42702, as PostgreSQL's.
 * A CTE without a column list is renamed the same way ({@code WITH c AS (SELECT 1 AS a, 2 AS a) SELECT * FROM c});
 * one whose repeated name the statement names fails with Calcite's "duplicate column name", which
 * {@code CalciteErrors} reports as PostgreSQL's 42702. Sub-queries whose select list holds a star are left to the
 * star's own renaming; sub-queries with ORDER BY or a set operation are not covered.
 */
final class DerivedTableNames {
    /** The alias of a repeated name: the name, the marker, a number. */
    private static final Pattern REPEATED = Pattern.compile("(.*)\\$dup[0-9]+");

    private DerivedTableNames() {
    }

    /** Renames the repeated names of {@code statement}'s sub-queries in FROM, in place; returns {@code statement}. */
    static SqlNode rewrite(SqlNode statement) {
        List<SqlSelect> derived = new ArrayList<>();
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.getFrom() != null) {
                    fromSubQueries(select.getFrom(), derived);
                }
                if (call instanceof SqlWith with) {
                    for (SqlNode item : with.withList) {
                        if (item instanceof SqlWithItem w && w.columnList == null && w.query instanceof SqlSelect q) {
                            derived.add(q); // WITH c AS (SELECT 1 AS a, 2 AS a): as a sub-query in FROM
                        }
                    }
                }
                return super.visit(call);
            }
        });
        for (SqlSelect inner : derived) {
            rename(statement, inner);
        }
        return statement;
    }

    /**
     * The name a column named {@code item} (a select item of a sub-query) is reported by, where {@link #rewrite}
     * renamed it; null otherwise.
     */
    static String clientName(SqlNode item) {
        if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier alias
                && alias.isSimple()) {
            Matcher m = REPEATED.matcher(alias.getSimple());
            return m.matches() ? m.group(1) : null;
        }
        return null;
    }

    private static void fromSubQueries(SqlNode from, List<SqlSelect> out) {
        if (from instanceof SqlJoin join) {
            fromSubQueries(join.getLeft(), out);
            fromSubQueries(join.getRight(), out);
        } else if (from.getKind() == SqlKind.AS && ((SqlCall) from).operandCount() == 2) { // no column list
            if (((SqlCall) from).operand(0) instanceof SqlSelect select) { // not under ORDER BY: its star names
                out.add(select);
            }
        }
    }

    private static void rename(SqlNode statement, SqlSelect inner) {
        SqlNodeList items = inner.getSelectList();
        List<String> names = new ArrayList<>();
        for (SqlNode item : items) {
            String name = name(item);
            if (name == null) {
                return; // a star, or an expression Calcite names itself (uniquely)
            }
            names.add(name);
        }
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                repeated.add(n);
            }
        }
        if (repeated.isEmpty() || referenced(statement, inner, repeated)) {
            return;
        }
        Set<String> taken = new HashSet<>(names);
        seen.clear();
        for (int i = 0; i < items.size(); i++) {
            String n = names.get(i);
            if (seen.add(n)) {
                continue;
            }
            int k = 1;
            while (taken.contains(n + "$dup" + k)) {
                k++;
            }
            String alias = n + "$dup" + k;
            taken.add(alias);
            SqlNode item = items.get(i);
            SqlNode expr = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
            items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), expr,
                    new SqlIdentifier(List.of(alias), null, SqlParserPos.ZERO, List.of(SqlParserPos.QUOTED_ZERO))));
        }
    }

    /** A select item's output name, as Calcite gives it: its alias or its identifier's last part; null otherwise. */
    private static String name(SqlNode item) {
        if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier alias
                && alias.isSimple()) {
            return alias.getSimple();
        }
        if (item instanceof SqlIdentifier id && !id.isStar()) {
            return id.names.get(id.names.size() - 1);
        }
        return null;
    }

    /** Whether an identifier of {@code statement} outside {@code inner} ends in one of {@code names}. */
    private static boolean referenced(SqlNode statement, SqlSelect inner, Set<String> names) {
        boolean[] found = {false};
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                return call == inner ? null : super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                found[0] |= !id.isStar() && names.contains(id.names.get(id.names.size() - 1));
                return null;
            }
        });
        return found[0];
    }
}
