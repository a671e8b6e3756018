package io.tessera.coordinator.sql;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.plan.volcano.VolcanoTimeoutException;

/**
 * Calcite's Volcano planner with an effort bound: once the query has a complete plan, the search stops after
 * {@code budgetNanos} of the planning thread's CPU time, and the cheapest plan found so far is the answer. Calcite's
 * rule driver calls {@link #checkCancel} before every rule match and, on a {@link VolcanoTimeoutException}, stops
 * matching and keeps the best plan ({@code IterativeRuleDriver.drive}); before a complete plan exists the search
 * always goes on, so planning never fails for the bound. CPU time, not elapsed time, so that a plan does not
 * depend on how loaded the machine is (planning is single-threaded). PostgreSQL bounds its own search likewise, by
 * the number of tables ({@code join_collapse_limit}, {@code geqo_threshold}); the join order of three and more
 * tables is chosen before this search ({@code QueryPlanner.HEURISTIC_JOIN_ORDER_TABLES}), which bounds the join
 * rules' part, and this bounds the rest (the distribution rules' alternatives above each join).
 *
 * <p>One instance plans one statement.
 */
final class BoundedVolcanoPlanner extends VolcanoPlanner {
    /**
     * The CPU time after which a search that has a plan stops: 10 s, a guard against a runaway search rather than a
     * target — a coordinator's first statements also spend seconds of CPU on Calcite's warm-up (metadata handlers
     * generated and compiled), and a tighter bound cut their search short (1 s did in a TPC-H run).
     */
    static final long DEFAULT_BUDGET_NANOS = 10_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long budgetNanos;
    private final long startCpuNanos = cpuNanos();
    private boolean stopped;
    private long ruleMatches;

    BoundedVolcanoPlanner(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** Whether the search was cut short by the bound. */
    boolean stopped() {
        return stopped;
    }

    /** How many rule matches the search has fired (counted where Calcite's driver checks before each one). */
    long ruleMatches() {
        return ruleMatches;
    }

    @Override
    public void checkCancel() {
        super.checkCancel();
        ruleMatches++;
        if (cpuNanos() - startCpuNanos > budgetNanos && getRoot() instanceof RelSubset root
                && root.getBest() != null) {
            stopped = true;
            throw new VolcanoTimeoutException();
        }
    }

    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
