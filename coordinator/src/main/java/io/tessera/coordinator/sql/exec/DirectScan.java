package io.tessera.coordinator.sql.exec;

import io.tessera.coordinator.sql.schema.TesseraTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;

/**
 * A compiled plan that is nothing but one scan of a distributed table — a point select such as
 * {@code SELECT abalance FROM pgbench_accounts WHERE aid = $1} — run without Calcite's enumerable code. Calcite
 * plans such a query as
 * <pre>
 *   [EnumerableCalc(input refs only)]
 *     EnumerableInterpreter
 *       BindableTableScan(table, filters, projects)
 * </pre>
 * and its compiled form builds an {@code Interpreter} on every execution: a HepPlanner pass over the scan, a node
 * graph, a {@code Row} copy per row. The scan's work is all in {@link TableScans} (the filters become the datanode's
 * filter, an equality on the distribution column prunes to one shard), so this calls it directly with the scan's
 * filters and projection, and applies the Calc's column selection itself.
 *
 * <p>Rows are {@code Object[]} in the table scan's representation, the same values the Interpreter would pass
 * through. When a filter cannot be shipped to the datanodes (the Interpreter would evaluate it on the coordinator),
 * {@link #open} declines and the caller runs the compiled plan instead.
 */
public final class DirectScan implements DirectPlan {
    private final TesseraTable table;
    private final List<RexNode> filters;
    /** The scan's projection, null for every column (the row type's identity, as the Interpreter passes it). */
    private final int[] projects;
    /** The Calc's selection of the scan's output columns, or null for all of them in order. */
    private final int[] outputs;
    /**
     * The request this plan's executions share ({@link TableScans.Template}), built at the first execution and
     * again when the table's definition changes; null while {@code -Dtessera.scan_templates=false}.
     */
    private final AtomicReference<TableScans.Template> template;

    private DirectScan(TesseraTable table, List<RexNode> filters, int[] projects, int[] outputs) {
        this.table = table;
        this.filters = filters;
        this.projects = projects;
        this.outputs = outputs;
        this.template = TEMPLATES ? new AtomicReference<>() : null;
    }

    /**
     * Whether plans keep a request template ({@code -Dtessera.scan_templates=false} on the coordinator: no, each
     * execution builds its request from the plan, as before templates; for comparing the two).
     */
    private static final boolean TEMPLATES = !"false".equals(System.getProperty("tessera.scan_templates"));

    /** The direct form of a physical plan, or null when the plan is more than one scan (see the class comment). */
    public static DirectScan of(RelNode rel) {
        int[] outputs = null;
        if (rel instanceof EnumerableCalc calc) {
            RexProgram program = calc.getProgram();
            if (program.getCondition() != null) {
                return null;
            }
            List<RexNode> exprs = program.expandList(program.getProjectList());
            outputs = new int[exprs.size()];
            for (int i = 0; i < outputs.length; i++) {
                if (!(exprs.get(i) instanceof RexInputRef ref)) {
                    return null;
                }
                outputs[i] = ref.getIndex();
            }
            rel = calc.getInput();
        }
        if (!(rel instanceof EnumerableInterpreter interpreter)
                || !(interpreter.getInput() instanceof Bindables.BindableTableScan scan)) {
            return null;
        }
        TesseraTable table = scan.getTable().unwrap(TesseraTable.class);
        if (table == null) {
            return null;
        }
        int[] projects = scan.projects == null || scan.projects.equals(TableScan.identity(scan.getTable())) ? null
                : scan.projects.toIntArray();
        return new DirectScan(table, List.copyOf(scan.filters), projects, outputs);
    }

    /**
     * Starts the scan under {@code root} (a {@link TesseraDataContext}: the statement's context and parameters).
     *
     * @return the rows, or null when some filter cannot run on the datanodes (run the compiled plan instead)
     */
    @Override
    public Enumerator<Object[]> open(DataContext root) {
        List<RexNode> remaining;
        Enumerable<Object[]> rows;
        if (template != null) {
            remaining = new ArrayList<>(filters.size());
            rows = TableScans.scan(TableScans.template(template, table, root, filters, projects), table, root,
                    remaining);
        } else {
            remaining = new ArrayList<>(filters);
            rows = TableScans.scan(table, root, remaining, projects);
        }
        if (!remaining.isEmpty()) {
            return null;
        }
        Enumerator<Object[]> scan = rows.enumerator();
        return outputs == null ? scan : new Selection(scan, outputs);
    }

    /** The Calc's selection of the scan's columns, over the scan's rows; passes {@link AwaitsAnswer} through. */
    private static final class Selection implements Enumerator<Object[]>, AwaitsAnswer {
        private final Enumerator<Object[]> scan;
        private final int[] outputs;
        private Object[] current;

        Selection(Enumerator<Object[]> scan, int[] outputs) {
            this.scan = scan;
            this.outputs = outputs;
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            if (!scan.moveNext()) {
                return false;
            }
            Object[] in = scan.current();
            Object[] out = new Object[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                out[i] = in[outputs[i]];
            }
            current = out;
            return true;
        }

        @Override
        public void reset() {
            scan.reset();
        }

        @Override
        public void close() {
            scan.close();
        }

        @Override
        public boolean whenAnswered(Runnable callback) {
            return scan instanceof AwaitsAnswer a && a.whenAnswered(callback);
        }

        @Override
        public boolean answered() {
            return scan instanceof AwaitsAnswer a && a.answered();
        }
    }
}
