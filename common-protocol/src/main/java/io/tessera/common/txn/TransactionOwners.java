package io.tessera.common.txn;

import java.util.UUID;

/**
 * The ZooKeeper registry of transaction owners (DESIGN.md "Transactions", Recovery). Every running coordinator
 * process holds the ephemeral znode {@code /tessera/txn-owners/<owner id>} from before it accepts a client until it
 * exits, and stamps its owner id on every transaction it starts ({@code TxnContext.coordinator}). A datanode holding
 * a transaction whose owner's znode is gone knows that nobody will finish it and resolves it with the GTM.
 *
 * <p>The owner id names one incarnation of a coordinator ({@code <coordinator name>~<random>}), so a coordinator
 * restarted under the same name does not adopt the transactions of the process that died.
 */
public final class TransactionOwners {
    /** The parent znode of the owners' ephemeral znodes. */
    public static final String PATH = "/tessera/txn-owners";

    private TransactionOwners() {
    }

    /** A fresh owner id for one incarnation of coordinator {@code coordinatorName}. */
    public static String newOwnerId(String coordinatorName) {
        return coordinatorName + "~" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The znode of owner {@code ownerId}. */
    public static String path(String ownerId) {
        return PATH + "/" + ownerId;
    }
}
