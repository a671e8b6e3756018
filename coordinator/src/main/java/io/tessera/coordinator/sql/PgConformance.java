package io.tessera.coordinator.sql;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * PostgreSQL's SQL dialect rules for Calcite's validator: Babel's leniency, but where PostgreSQL is strict, strict —
 * no lateral column aliases inside one SELECT list, no non-grouped columns outside aggregates (42803), no HAVING
 * on output aliases; GROUP BY and ORDER BY may name output columns and ordinals, as in PostgreSQL.
 */
final class PgConformance extends SqlDelegatingConformance {
    static final PgConformance INSTANCE = new PgConformance();

    private PgConformance() {
        super(SqlConformanceEnum.BABEL);
    }

    @Override
    public SelectAliasLookup isSelectAlias() {
        return SelectAliasLookup.UNSUPPORTED;
    }

    @Override
    public boolean isNonStrictGroupBy() {
        return false;
    }

    @Override
    public boolean isGroupByAlias() {
        return true;
    }

    @Override
    public boolean isGroupByOrdinal() {
        return true;
    }

    @Override
    public boolean isHavingAlias() {
        return false;
    }

    @Override
    public boolean isSortByOrdinal() {
        return true;
    }

    @Override
    public boolean isSortByAlias() {
        return true;
    }

    @Override
    public boolean checkedArithmetic() {
        return true;
    }
}
