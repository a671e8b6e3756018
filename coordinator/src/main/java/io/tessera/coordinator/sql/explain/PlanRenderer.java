package io.tessera.coordinator.sql.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a {@link PlanNode} tree as PostgreSQL 15 does (its {@code explain.c}): TEXT with each child on a
 * {@code "->  "} line six columns deeper and detail lines under their node, or FORMAT JSON as one document with
 * PostgreSQL's property names ("Node Type", "Relation Name", "Plans", "Plan Rows" ...).
 */
final class PlanRenderer {
    private PlanRenderer() {
    }

    /**
     * The TEXT lines: one per node and one per detail.
     *
     * @param footer lines after the plan ("Planning Time: ...", "Execution Time: ...")
     */
    static List<String> text(PlanNode root, boolean costs, boolean verbose, List<String> footer) {
        List<String> out = new ArrayList<>();
        text(root, 0, costs, verbose, out);
        out.addAll(footer);
        return out;
    }

    private static void text(PlanNode n, int depth, boolean costs, boolean verbose, List<String> out) {
        StringBuilder line = new StringBuilder();
        if (depth > 0) {
            line.append(" ".repeat(6 * depth - 4)).append("->  ");
        }
        line.append(n.type);
        if (n.relation != null) {
            line.append(" on ").append(n.relation);
        }
        if (costs) {
            line.append(String.format(Locale.ROOT, "  (cost=%.2f..%.2f rows=%d width=%d)", n.startupCost, n.totalCost,
                    Math.max(1, Math.round(n.rows)), n.width));
        }
        if (n.actualRows != null) {
            line.append(String.format(Locale.ROOT, " (actual time=%.3f..%.3f rows=%d loops=%d)", n.actualFirstMs,
                    n.actualTotalMs, n.actualRows, n.actualLoops));
        }
        out.add(line.toString());
        String pad = " ".repeat(6 * depth + 2);
        if (verbose && !n.output.isEmpty()) {
            out.add(pad + "Output: " + String.join(", ", n.output));
        }
        for (Map.Entry<String, Object> d : n.details.entrySet()) {
            Object v = d.getValue();
            out.add(pad + d.getKey() + ": " + (v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf)
                    .toList()) : v));
        }
        for (PlanNode c : n.children) {
            text(c, depth + 1, costs, verbose, out);
        }
    }

    /** The FORMAT JSON document: an array holding one object with "Plan" and the footer's properties. */
    static String json(PlanNode root, boolean costs, boolean verbose, Map<String, Double> footer) {
        StringBuilder b = new StringBuilder("[\n  {\n    \"Plan\": ");
        json(root, 2, costs, verbose, b);
        for (Map.Entry<String, Double> f : footer.entrySet()) {
            b.append(",\n    ").append(quote(f.getKey())).append(": ")
                    .append(String.format(Locale.ROOT, "%.3f", f.getValue()));
        }
        return b.append("\n  }\n]").toString();
    }

    private static void json(PlanNode n, int level, boolean costs, boolean verbose, StringBuilder b) {
        String in = "  ".repeat(level + 1);
        List<String> fields = new ArrayList<>();
        fields.add(quote("Node Type") + ": " + quote(n.type));
        if (n.relation != null) {
            fields.add(quote("Relation Name") + ": " + quote(n.relation));
        }
        if (costs) {
            fields.add(quote("Startup Cost") + ": " + String.format(Locale.ROOT, "%.2f", n.startupCost));
            fields.add(quote("Total Cost") + ": " + String.format(Locale.ROOT, "%.2f", n.totalCost));
            fields.add(quote("Plan Rows") + ": " + Math.max(1, Math.round(n.rows)));
            fields.add(quote("Plan Width") + ": " + n.width);
        }
        if (n.actualRows != null) {
            fields.add(quote("Actual Startup Time") + ": " + String.format(Locale.ROOT, "%.3f", n.actualFirstMs));
            fields.add(quote("Actual Total Time") + ": " + String.format(Locale.ROOT, "%.3f", n.actualTotalMs));
            fields.add(quote("Actual Rows") + ": " + n.actualRows);
            fields.add(quote("Actual Loops") + ": " + n.actualLoops);
        }
        if (verbose && !n.output.isEmpty()) {
            fields.add(quote("Output") + ": " + array(n.output));
        }
        for (Map.Entry<String, Object> d : n.details.entrySet()) {
            fields.add(quote(d.getKey()) + ": " + (d.getValue() instanceof List<?> l
                    ? array(l.stream().map(String::valueOf).toList()) : quote(String.valueOf(d.getValue()))));
        }
        b.append("{\n");
        for (int i = 0; i < fields.size(); i++) {
            b.append(in).append(fields.get(i));
            if (i < fields.size() - 1 || !n.children.isEmpty()) {
                b.append(",");
            }
            b.append("\n");
        }
        if (!n.children.isEmpty()) {
            b.append(in).append(quote("Plans")).append(": [\n");
            for (int i = 0; i < n.children.size(); i++) {
                b.append(in).append("  ");
                json(n.children.get(i), level + 2, costs, verbose, b);
                b.append(i < n.children.size() - 1 ? ",\n" : "\n");
            }
            b.append(in).append("]\n");
        }
        b.append("  ".repeat(level)).append("}");
    }

    private static String array(List<String> values) {
        return "[" + String.join(", ", values.stream().map(PlanRenderer::quote).toList()) + "]";
    }

    /** A JSON string literal (RFC 8259 escaping). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
