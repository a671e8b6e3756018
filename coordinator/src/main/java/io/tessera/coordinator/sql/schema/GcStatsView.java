package io.tessera.coordinator.sql.schema;

import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.sql.exec.StatementContext;
import io.tessera.coordinator.sql.exec.TesseraDataContext;
import io.tessera.protocol.datanode.GcStatsRequest;
import io.tessera.protocol.datanode.GcStatsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code pg_catalog.pgxc_stat_gc}: one row per datanode with its MVCC garbage-collection state and how many
 * versions it stores — Tessera's counterpart of the dead-tuple counts of PostgreSQL's {@code pg_stat_user_tables}.
 * Timestamps are GTM timestamps (microseconds since the epoch); sizes are bytes.
 *
 * <pre>
 *   node_name        the datanode
 *   autovacuum       whether it purges in the background
 *   gc_horizon       the highest safe point it purged at: snapshots below it get 72000
 *   safe_point       the newest safe point it received
 *   purges           purges since it started (background and VACUUM)
 *   versions_purged  versions those purges deleted
 *   versions         committed versions stored now, tombstones included (exact: a scan of its data)
 *   live_keys        keys with at least one stored version
 *   dead_versions    versions - live_keys: the versions other than each key's newest
 *   intents          uncommitted writes
 *   sst_bytes        RocksDB's SST files of the data (rocksdb.total-sst-files-size)
 *   live_data_bytes  RocksDB's estimate of the live data (rocksdb.estimate-live-data-size)
 * </pre>
 * A datanode that cannot be reached has a row of NULLs after its name. Counting scans all of each datanode's
 * data: meant for diagnosis and tests, not for frequent polling of a large cluster.
 */
final class GcStatsView extends AbstractTable implements ScannableTable {
    private static final String[] COLUMNS = {"node_name", "autovacuum", "gc_horizon", "safe_point", "purges",
        "versions_purged", "versions", "live_keys", "dead_versions", "intents", "sst_bytes", "live_data_bytes"};

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
        RelDataTypeFactory.Builder b = f.builder();
        for (String c : COLUMNS) {
            SqlTypeName t = c.equals("node_name") ? SqlTypeName.VARCHAR
                    : c.equals("autovacuum") ? SqlTypeName.BOOLEAN : SqlTypeName.BIGINT;
            b.add(c, f.createTypeWithNullability(f.createSqlType(t), true));
        }
        return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        StatementContext ctx = TesseraDataContext.statement(root);
        List<Object[]> rows = new ArrayList<>();
        GcStatsRequest req = GcStatsRequest.newBuilder().setCountVersions(true).build();
        for (NodeDef n : ctx.catalog().datanodes()) {
            Object[] row = new Object[COLUMNS.length];
            row[0] = n.name();
            try {
                GcStatsResponse r = ctx.datanodes().blocking(n).withDeadlineAfter(5, TimeUnit.MINUTES).gcStats(req);
                row[1] = r.getAutovacuum();
                row[2] = r.getHorizon();
                row[3] = r.getSafePoint();
                row[4] = r.getPurges();
                row[5] = r.getVersionsPurged();
                row[6] = r.getVersions();
                row[7] = r.getKeys();
                row[8] = r.getVersions() - r.getKeys();
                row[9] = r.getIntents();
                row[10] = r.getSstBytes();
                row[11] = r.getLiveDataBytes();
            } catch (RuntimeException unreachable) {
                // a row of NULLs: the view still answers for the other datanodes
            }
            rows.add(row);
        }
        return Linq4j.asEnumerable(rows);
    }
}
