package io.tessera.coordinator.sql.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of an EXPLAIN tree, in PostgreSQL's vocabulary (its {@code explain.c}): the node type with its relation
 * ({@code "Seq Scan on t"}), detail properties printed under it ({@code Filter}, {@code Sort Key}, {@code Group Key},
 * {@code Hash Cond}, {@code Node List}...), the planner's estimates and, under EXPLAIN ANALYZE, what happened.
 */
final class PlanNode {
    final String type;
    final String relation;
    /** Detail properties in print order; a value is a String or a List of Strings. */
    final Map<String, Object> details = new LinkedHashMap<>();
    final List<PlanNode> children = new ArrayList<>();
    double startupCost;
    double totalCost;
    double rows;
    int width;
    List<String> output = List.of();
    /** Measured by EXPLAIN ANALYZE (the root only): rows returned and milliseconds to the first and last row. */
    Long actualRows;
    double actualFirstMs;
    double actualTotalMs;

    PlanNode(String type, String relation) {
        this.type = type;
        this.relation = relation;
    }

    PlanNode detail(String key, Object value) {
        if (value != null && !(value instanceof List<?> l && l.isEmpty()) && !"".equals(value)) {
            details.put(key, value);
        }
        return this;
    }

    PlanNode child(PlanNode c) {
        children.add(c);
        return this;
    }

    /** The estimates of {@code from} (a synthetic node stands for part of the same relational operator). */
    PlanNode estimatesOf(PlanNode from) {
        startupCost = from.startupCost;
        totalCost = from.totalCost;
        rows = from.rows;
        width = from.width;
        output = from.output;
        return this;
    }
}
