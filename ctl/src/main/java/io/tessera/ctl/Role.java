package io.tessera.ctl;

/**
 * The kinds of process in a cluster, in start order, with the main class each runs. Main classes are named
 * by string: ctl launches the role modules' entry points and never links against their internals.
 */
public enum Role {
    ZOOKEEPER("zookeeper", "io.tessera.ctl.ZooKeeperMain"),
    GTM("gtm", "io.tessera.gtm.GtmMain"),
    DATANODE("datanode", "io.tessera.datanode.DatanodeMain"),
    COORDINATOR("coordinator", "io.tessera.coordinator.CoordinatorMain");

    private final String label;
    private final String mainClass;

    Role(String label, String mainClass) {
        this.label = label;
        this.mainClass = mainClass;
    }

    /** The lower-case name status prints and membership znodes use ({@code /tessera/members/<label>}). */
    public String label() {
        return label;
    }

    public String mainClass() {
        return mainClass;
    }
}
