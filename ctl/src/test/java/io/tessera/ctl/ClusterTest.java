package io.tessera.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tessera.common.config.ClusterConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterTest {
    @Test
    void theDefaultLayoutKeepsEveryPortInsideTheBaseRange() {
        ClusterConfig c = Cluster.defaultConfig(30, 30, 40000);
        Set<Integer> ports = new HashSet<>();
        Cluster.validate(c);
        for (var n : c.coordinators) {
            ports.add(n.port);
            ports.add(n.grpcPort);
        }
        c.datanodes.forEach(n -> ports.add(n.port));
        ports.add(c.zookeeper.port);
        ports.add(c.gtm.port);
        assertEquals(30 * 3 + 2, ports.size());
        assertTrue(ports.stream().allMatch(p -> p >= 40000 && p < 40100), ports::toString);
        assertEquals(40000, c.coordinators.get(0).port);
        assertEquals(40030, c.coordinators.get(0).grpcPort);
        assertEquals(40060, c.datanodes.get(0).port);
        assertEquals(40090, c.zookeeper.port);
        assertEquals(40091, c.gtm.port);
        assertTrue(c.superusers.containsAll(java.util.List.of("tessera", "postgres")));
    }

    @Test
    void validationRefusesDuplicatePortsNamesAndRemoteHosts() {
        ClusterConfig dupPort = Cluster.defaultConfig(1, 1, 40000);
        dupPort.datanodes.get(0).port = dupPort.gtm.port;
        assertTrue(assertThrows(CtlException.class, () -> Cluster.validate(dupPort)).getMessage().contains("used by both"));

        ClusterConfig dupName = Cluster.defaultConfig(1, 2, 40000);
        dupName.datanodes.get(1).name = "dn1";
        assertThrows(CtlException.class, () -> Cluster.validate(dupName));

        ClusterConfig remote = Cluster.defaultConfig(1, 1, 40000);
        remote.datanodes.get(0).host = "192.0.2.7";
        assertTrue(assertThrows(CtlException.class, () -> Cluster.validate(remote)).getMessage().contains("remote"));
    }

    @Test
    void aNodeIsLaunchedWithTheContractCommandLine() {
        Cluster.validate(Cluster.defaultConfig(1, 1, 40000));
        Node gtm = new Node(Role.GTM, Cluster.defaultConfig(1, 1, 40000).gtm, Path.of("/srv/home"));
        var cmd = Launcher.command(gtm);
        int main = cmd.indexOf("io.tessera.gtm.GtmMain");
        assertTrue(cmd.contains("-Xmx256m"));
        assertEquals(java.util.List.of("--home", "/srv/home", "--name", "gtm"), cmd.subList(main + 1, cmd.size()));
        assertEquals(Path.of("/srv/home/log/gtm.log"), gtm.logFile());
        assertEquals(Path.of("/srv/home/gtm/tessera.pid"), gtm.pidFile());
    }
}
