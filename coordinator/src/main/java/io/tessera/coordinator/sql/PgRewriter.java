package io.tessera.coordinator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Rewrites a parsed query so that Calcite's validator gives PostgreSQL's answers:
 * <ul>
 *   <li>every select item without an alias gets the name PostgreSQL's {@code FigureColname}
 *       (src/backend/parser/parse_target.c) would give it: a column's name, a function's name, a cast's operand
 *       name or else its type name, {@code case}, else {@code ?column?} — so {@code count(1)} is {@code count},
 *       not {@code EXPR$1};</li>
 *   <li>a function in FROM with a table alias and no column aliases ({@code generate_series(1,3) AS id}) also
 *       names its single column after the alias, as PostgreSQL does for functions returning a scalar.</li>
 * </ul>
 * The tree is changed in place.
 */
public final class PgRewriter {
    private PgRewriter() {
    }

    /** Applies the rewrites to every SELECT in {@code node}. */
    public static SqlNode rewrite(SqlNode node) {
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select) {
                    nameSelectItems(select);
                    if (select.getFrom() != null) {
                        select.setFrom(aliasFunctionColumns(select.getFrom()));
                    }
                }
                return super.visit(call);
            }
        });
        return node;
    }

    private static void nameSelectItems(SqlSelect select) {
        SqlNodeList items = select.getSelectList();
        if (items == null) {
            return;
        }
        List<SqlNode> out = new ArrayList<>(items.size());
        for (SqlNode item : items) {
            if (item.getKind() == SqlKind.AS || isStar(item)) {
                out.add(item);
                continue;
            }
            String name = figureColname(item);
            out.add(SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
                    new SqlIdentifier(name, SqlParserPos.ZERO)));
        }
        select.setSelectList(new SqlNodeList(out, items.getParserPosition()));
    }

    private static boolean isStar(SqlNode item) {
        return item instanceof SqlIdentifier id && id.isStar();
    }

    /** PostgreSQL's column name for an unnamed select item. */
    static String figureColname(SqlNode node) {
        String name = figure(node);
        return name == null ? "?column?" : name;
    }

    private static String figure(SqlNode node) {
        if (node instanceof SqlIdentifier id) {
            return id.isStar() ? null : id.names.get(id.names.size() - 1);
        }
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        switch (call.getKind()) {
            case CAST: {
                String inner = figure(call.operand(0));
                if (inner != null) {
                    return inner;
                }
                SqlNode type = call.operand(1);
                return type instanceof SqlDataTypeSpec spec ? pgTypeName(spec) : null;
            }
            case CASE:
                return "case";
            case COALESCE:
                return "coalesce";
            case NULLIF:
                return "nullif";
            case EXISTS:
                return "exists";
            default:
                break;
        }
        if (call.getOperator() instanceof SqlFunction f) {
            return f.getName().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static String pgTypeName(SqlDataTypeSpec spec) {
        String n = spec.getTypeName().getSimple().toUpperCase(Locale.ROOT);
        return switch (n) {
            case "INTEGER", "INT" -> "int4";
            case "BIGINT" -> "int8";
            case "SMALLINT" -> "int2";
            case "VARCHAR" -> "varchar";
            case "CHAR" -> "bpchar";
            case "DECIMAL", "NUMERIC" -> "numeric";
            case "DOUBLE" -> "float8";
            case "REAL", "FLOAT" -> "float4";
            case "BOOLEAN" -> "bool";
            case "VARBINARY" -> "bytea";
            default -> n.toLowerCase(Locale.ROOT);
        };
    }

    private static SqlNode aliasFunctionColumns(SqlNode from) {
        if (from instanceof SqlJoin join) {
            join.setLeft(aliasFunctionColumns(join.getLeft()));
            join.setRight(aliasFunctionColumns(join.getRight()));
            return join;
        }
        if (from.getKind() == SqlKind.AS && from instanceof SqlBasicCall as && as.operandCount() == 2) {
            SqlNode source = as.operand(0);
            if (source.getKind() == SqlKind.COLLECTION_TABLE || (source instanceof SqlCall c
                    && c.getOperator() instanceof SqlFunction)) {
                SqlIdentifier alias = as.operand(1);
                return SqlStdOperatorTable.AS.createCall(as.getParserPosition(), source, alias,
                        new SqlIdentifier(alias.getSimple(), alias.getParserPosition()));
            }
        }
        return from;
    }
}
