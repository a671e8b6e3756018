package io.tessera.sql.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlShuttle;

/** Operations on parse trees shared by the parser's rewrites and the coordinator's. */
public final class SqlTrees {
    private SqlTrees() {
    }

    /**
     * A deep copy of {@code node}: every call and identifier is new (literals, data types and markers are shared,
     * which nothing rewrites). A subtree used twice needs it — Calcite's validator annotates and rewrites nodes in
     * place and keys its scopes and namespaces by node identity.
     */
    public static SqlNode deepCopy(SqlNode node) {
        return node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                CallCopyingArgHandler copying = new CallCopyingArgHandler(call, true);
                call.getOperator().acceptCall(this, call, false, copying);
                return copying.result();
            }

            @Override
            public SqlNode visit(SqlIdentifier id) {
                return id.clone(id.getParserPosition());
            }
        });
    }
}
