package io.tessera.coordinator.sql.exec;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A plan simple enough to run without Calcite's compiled code ({@link DirectScan}: one table scan;
 * {@link DirectValues}: one row of parameters), giving the same rows the compiled plan would.
 */
public interface DirectPlan {
    /**
     * Starts the plan under {@code root} (a {@link TesseraDataContext}: the statement's context and parameters).
     *
     * @return the rows, as {@code Object[]} in the compiled plan's representation; or null when this execution needs
     *     the compiled plan (the caller runs it instead)
     */
    Enumerator<Object[]> open(DataContext root);
}
