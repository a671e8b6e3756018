package io.tessera.coordinator.sql.rule;

import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;

/**
 * A window that names another and adds a frame ({@code OVER (w ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND
 * UNBOUNDED FOLLOWING) ... WINDOW w AS (PARTITION BY g)}) written out in full before validation: Calcite's merge
 * of the two dropped the frame (the default frame computed instead, a wrong answer). PostgreSQL's rules make the
 * copy simple (parse_clause.c, transformWindowDefinitions): the referencing window takes the named one's PARTITION
 * BY, and its ORDER BY unless it has its own; the named window has no frame.
 */
public final class WindowReferences {
    private WindowReferences() {
    }

    /**
     * Rewrites, in place, every window of {@code select}'s WINDOW clause and of {@code window} (one of the select's
     * OVER clauses, or null) that names a window of that clause and has a frame, as above.
     */
    public static void inline(SqlSelect select, SqlWindow window) {
        SqlNodeList declared = select.getWindowList();
        if (window == null || window.getRefName() == null || window.getLowerBound() == null || declared == null) {
            return;
        }
        Map<String, SqlWindow> byName = new HashMap<>();
        for (SqlNode node : declared) {
            if (node instanceof SqlWindow w && w.getDeclName() != null) {
                byName.put(w.getDeclName().getSimple(), w);
            }
        }
        SqlWindow named = byName.get(window.getRefName().getSimple());
        for (int depth = 0; named != null && depth < declared.size(); depth++) {
            if (window.getPartitionList().isEmpty()) {
                window.setPartitionList((SqlNodeList) named.getPartitionList().clone(window.getParserPosition()));
            }
            if (window.getOrderList().isEmpty()) {
                window.setOrderList((SqlNodeList) named.getOrderList().clone(window.getParserPosition()));
            }
            window.setOperand(1, named.getRefName()); // the named window may name another one in turn
            named = named.getRefName() == null ? null : byName.get(named.getRefName().getSimple());
        }
    }
}
