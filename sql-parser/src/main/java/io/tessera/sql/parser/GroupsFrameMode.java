package io.tessera.sql.parser;

import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The frame mode of a window written {@code GROUPS} (PostgreSQL's frame in peer groups:
 * {@code OVER (ORDER BY y GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW)}), which Calcite's {@link SqlWindow} cannot
 * express (its mode is ROWS or RANGE). The grammar (patched in this module's pom) parses such a window as a RANGE
 * window whose mode literal is this marker, {@code false} to everything else; the coordinator rewrites it before
 * validating the query.
 */
public final class GroupsFrameMode extends SqlLiteral {
    /** The marker at {@code pos}. */
    public GroupsFrameMode(SqlParserPos pos) {
        super(Boolean.FALSE, SqlTypeName.BOOLEAN, pos);
    }

    /** Whether {@code window}'s frame was written in GROUPS mode. */
    public static boolean of(SqlWindow window) {
        for (SqlNode operand : window.getOperandList()) {
            if (operand instanceof GroupsFrameMode) {
                return true;
            }
        }
        return false;
    }
}
