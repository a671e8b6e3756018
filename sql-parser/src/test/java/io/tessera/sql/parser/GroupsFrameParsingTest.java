package io.tessera.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.junit.jupiter.api.Test;

/** PostgreSQL's GROUPS frame mode parses as a RANGE window marked by {@link GroupsFrameMode}. */
class GroupsFrameParsingTest {
    private static SqlWindow window(String over) {
        SqlSelect select = assertInstanceOf(SqlSelect.class,
                TesseraSqlParser.parse("select sum(x) over (" + over + ") from t"));
        SqlCall as = (SqlCall) select.getSelectList().get(0);
        SqlCall call = as.getKind() == SqlKind.OVER ? as : (SqlCall) as.operand(0);
        return assertInstanceOf(SqlWindow.class, call.operand(1));
    }

    @Test
    void groupsFrameIsMarkedAndKeepsItsBounds() {
        SqlWindow w = window("order by y groups between 1 preceding and 2 following");
        assertTrue(GroupsFrameMode.of(w));
        assertFalse(w.isRows());
        assertEquals(SqlKind.PRECEDING, w.getLowerBound().getKind());
        assertEquals(SqlKind.FOLLOWING, w.getUpperBound().getKind());
        assertTrue(GroupsFrameMode.of(window("partition by p order by y desc groups 1 preceding")));
    }

    @Test
    void rowsAndRangeFramesAreNotMarked() {
        assertFalse(GroupsFrameMode.of(window("order by y rows 1 preceding")));
        assertFalse(GroupsFrameMode.of(window("order by y range between unbounded preceding and current row")));
        assertFalse(GroupsFrameMode.of(window("order by y")));
    }
}
