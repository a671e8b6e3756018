package io.tessera.ctl;

import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.sql.RedistributionJobs;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * {@code tessera status}'s job lines and {@code tessera redistribute --cancel}: the cluster's redistribution jobs,
 * read from (and cancelled in) its ZooKeeper ({@link RedistributionJobs}).
 */
final class RedistributeJobs {
    private RedistributeJobs() {
    }

    /** One line per running job: {@code redistribute DB.TABLE PHASE rows=N/TOTAL lag=N job=ID}. */
    static List<String> lines(Cluster cluster) {
        try (CuratorFramework zk = connect(cluster)) {
            return RedistributionJobs.list(zk).stream().map(RedistributionJobs.Job::line).toList();
        } catch (TesseraException e) {
            throw new CtlException("cannot read the redistribution jobs: " + e.getMessage());
        }
    }

    /** Cancels the job on {@code database.table}; false when none runs. */
    static boolean cancel(Cluster cluster, String database, String table) {
        try (CuratorFramework zk = connect(cluster)) {
            return RedistributionJobs.cancel(zk, database, table);
        } catch (TesseraException e) {
            throw new CtlException(e.getMessage());
        }
    }

    private static CuratorFramework connect(Cluster cluster) {
        CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(cluster.config().zookeeperConnect())
                .retryPolicy(new RetryNTimes(3, 500)).connectionTimeoutMs(5_000).sessionTimeoutMs(10_000).build();
        zk.start();
        try {
            if (!zk.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
                zk.close();
                throw new CtlException("cannot reach ZooKeeper at " + cluster.config().zookeeperConnect());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            zk.close();
            throw new CtlException("interrupted while connecting to ZooKeeper");
        }
        return zk;
    }
}
