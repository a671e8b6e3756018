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
    /**
     * Measured by EXPLAIN ANALYZE: rows returned and milliseconds to the first and last row, per loop (PostgreSQL's
     * averages over {@code actualLoops}; a datanode operator has one loop per datanode that ran it).
     */
    Long actualRows;
    double actualFirstMs;
    double actualTotalMs;
    int actualLoops = 1;
    /** The digest of the datanode fragment this node shows part of, or null (EXPLAIN ANALYZE's key). */
    String fragment;
    /** The fragment operator's pre-order number, or {@link #GATHER} / {@link #OUTPUT}. */
    int op = GATHER;
    /** The rows the coordinator gathered from the fragment (its {@code Remote Subquery Scan}). */
    static final int GATHER = -1;
    /** What each datanode returned of the fragment (a partial aggregate's or a top-N's rows above it). */
    static final int OUTPUT = -2;

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
