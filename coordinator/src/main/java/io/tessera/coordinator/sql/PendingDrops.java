package io.tessera.coordinator.sql;

import io.tessera.coordinator.catalog.NodeDef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops of a table's rows that a datanode missed (it was down, restarting or too slow when the table was dropped or
 * replaced), kept in ZooKeeper as {@value #ROOT}{@code /<table id>@<node>} until a retry succeeds, so the rows of a
 * dropped table do not stay on a datanode forever. Table ids are OIDs, never reused, so a late drop can only meet the
 * dropped table's own rows. The znodes are persistent: a coordinator that dies leaves them to the others' retries.
 */
final class PendingDrops {
    private static final Logger LOG = LoggerFactory.getLogger(PendingDrops.class);
    static final String ROOT = "/tessera/pending-drops";

    private PendingDrops() {
    }

    /** Records that {@code node} still holds the rows of dropped table {@code tableId}; a failure is only logged. */
    static void record(CuratorFramework zk, int tableId, String node) {
        try {
            zk.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT)
                    .forPath(ROOT + "/" + Integer.toUnsignedString(tableId) + "@" + node,
                            node.getBytes(StandardCharsets.UTF_8));
        } catch (KeeperException.NodeExistsException e) {
            // recorded already
        } catch (Exception e) {
            LOG.warn("cannot record the pending drop of table {} on {}: {}", Integer.toUnsignedString(tableId), node,
                    e.toString());
        }
    }

    /**
     * Retries every recorded drop with {@code drop} (table id, node), forgetting those that succeed and those of a
     * node no longer in the cluster (its data went with it).
     *
     * @return the drops that succeeded
     */
    static int retry(CuratorFramework zk, Map<String, NodeDef> nodes, BiConsumer<NodeDef, Integer> drop)
            throws Exception {
        if (zk.checkExists().forPath(ROOT) == null) {
            return 0;
        }
        int done = 0;
        List<String> pending = zk.getChildren().forPath(ROOT);
        for (String entry : pending) {
            int at = entry.indexOf('@');
            if (at <= 0) {
                continue;
            }
            int tableId = Integer.parseUnsignedInt(entry.substring(0, at));
            NodeDef node = nodes.get(entry.substring(at + 1));
            if (node != null) {
                try {
                    drop.accept(node, tableId);
                } catch (RuntimeException e) {
                    LOG.info("the rows of dropped table {} on {} are still there: {}", Integer.toUnsignedString(
                            tableId), node.name(), e.getMessage());
                    continue;
                }
                LOG.info("removed the rows of dropped table {} from {} (a drop it had missed)",
                        Integer.toUnsignedString(tableId), node.name());
                done++;
            }
            try {
                zk.delete().forPath(ROOT + "/" + entry);
            } catch (KeeperException.NoNodeException e) {
                // another coordinator's retry got there first
            }
        }
        return done;
    }
}
