package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.ColumnDef;
import io.tessera.coordinator.catalog.TableDef;
import io.tessera.coordinator.stats.StatisticsService;
import io.tessera.coordinator.stats.TableAnalyzer;
import io.tessera.coordinator.stats.TableStatistics;
import io.tessera.sql.parser.utility.SqlAnalyze;
import io.tessera.sql.parser.utility.SqlVacuum;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * {@code ANALYZE [VERBOSE] [table [(column, ...)], ...]} and the ANALYZE of {@code VACUUM ANALYZE}: collects each
 * table's statistics on its datanodes ({@link StatisticsService#analyze}) — every table of the database when none is
 * named, and then the statistics of dropped tables are deleted. As in PostgreSQL: an unknown table is 42P01, an
 * unknown column 42703, a view is skipped with a WARNING, VERBOSE reports each table as it goes, and ANALYZE may run
 * inside a transaction block. Unlike PostgreSQL, the statistics are not transactional: they are stored at once and
 * stay when the block rolls back, and the sample is read at a fresh snapshot (committed rows only).
 */
final class AnalyzeExecutor {
    private AnalyzeExecutor() {
    }

    /**
     * Runs ANALYZE for a session of {@code database}.
     *
     * @return the notices to send (VERBOSE's progress, skipped views)
     * @throws TesseraException 42P01, 42703, a datanode's or ZooKeeper's error
     */
    static List<TesseraException> run(StatisticsService statistics, CatalogSnapshot catalog, SqlAnalyze analyze,
            String database) {
        List<Target> targets = new ArrayList<>();
        List<TesseraException> notices = new ArrayList<>();
        if (analyze.targets().isEmpty()) {
            catalog.tables(database).values().stream().sorted(Comparator.comparing(TableDef::name))
                    .forEach(t -> targets.add(new Target(t, Set.of())));
        } else {
            for (SqlAnalyze.Target target : analyze.targets()) {
                Target t = resolve(catalog, database, target.table(), target.columns(), notices);
                if (t != null) {
                    targets.add(t);
                }
            }
        }
        analyzeAll(statistics, catalog, targets, analyze.verbose(), notices);
        if (analyze.targets().isEmpty()) {
            statistics.forgetDropped(catalog);
        }
        return notices;
    }

    /** The ANALYZE step of {@code VACUUM ANALYZE} (after the vacuum): the same tables, every column. */
    static List<TesseraException> afterVacuum(StatisticsService statistics, CatalogSnapshot catalog,
            SqlVacuum vacuum, String database) {
        List<TesseraException> notices = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        if (vacuum.tables().isEmpty()) {
            catalog.tables(database).values().stream().sorted(Comparator.comparing(TableDef::name))
                    .forEach(t -> targets.add(new Target(t, Set.of())));
        } else {
            for (SqlIdentifier id : vacuum.tables()) {
                Target t = resolve(catalog, database, id, List.of(), notices);
                if (t != null) {
                    targets.add(t);
                }
            }
        }
        analyzeAll(statistics, catalog, targets, vacuum.options().contains("verbose"), notices);
        return notices;
    }

    private record Target(TableDef table, Set<String> columns) {
    }

    private static Target resolve(CatalogSnapshot catalog, String database, SqlIdentifier id, List<String> columns,
            List<TesseraException> notices) {
        String name = DdlExecutor.tableName(id);
        TableDef t = catalog.tables(database).get(name);
        if (t == null) {
            if (catalog.views(database).containsKey(name)) {
                notices.add(new TesseraException(SqlState.WARNING, "skipping \"" + name
                        + "\" --- cannot analyze non-tables or special system tables"));
                return null;
            }
            throw new TesseraException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        Set<String> cols = new LinkedHashSet<>();
        for (String c : columns) {
            if (t.columns().stream().map(ColumnDef::name).noneMatch(c::equals)) {
                throw new TesseraException(SqlState.UNDEFINED_COLUMN, "column \"" + c + "\" of relation \""
                        + name + "\" does not exist");
            }
            cols.add(c);
        }
        return new Target(t, cols);
    }

    private static void analyzeAll(StatisticsService statistics, CatalogSnapshot catalog, List<Target> targets,
            boolean verbose, List<TesseraException> notices) {
        if (statistics == null) {
            throw new TesseraException(SqlState.FEATURE_NOT_SUPPORTED, "ANALYZE needs the coordinator's statistics "
                    + "service");
        }
        for (Target t : targets) {
            if (verbose) {
                notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "analyzing \"" + t.table().schema()
                        + "." + t.table().name() + "\""));
            }
            TableStatistics s = statistics.analyze(t.table(), catalog.nodes(), t.columns());
            if (verbose) {
                long rows = (long) s.rowCount();
                notices.add(new TesseraException(SqlState.SUCCESSFUL_COMPLETION, "\"" + t.table().name()
                        + "\": scanned " + rows + " live rows on " + t.table().distribution().nodes().size()
                        + " datanodes; " + Math.min(rows, TableAnalyzer.SAMPLE_ROWS) + " rows in sample, " + rows
                        + " estimated total rows"));
            }
        }
    }
}
