package io.tessera.coordinator.sql;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.catalog.CatalogSnapshot;
import io.tessera.coordinator.catalog.CatalogStore;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.coordinator.catalog.NodeGroupDef;
import io.tessera.sql.parser.ddl.SqlCreateNodeGroup;
import io.tessera.sql.parser.ddl.SqlDropNodeGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Postgres-XL's node groups: {@code CREATE NODE GROUP name WITH (dn1, ...)}, {@code DROP NODE GROUP name}, and the
 * group a {@code TO GROUP} clause names (CREATE TABLE, ALTER TABLE). A group is a catalog object of its own
 * ({@link NodeGroupDef}, versioned with the rest of the catalog); a table placed through one records the group's
 * nodes, not the group, as Postgres-XL's {@code pgxc_class.nodeoids} does, so dropping the group leaves the table
 * where it is.
 *
 * <p>Errors are Postgres-XL's (groupmgr.c), except that an unknown group is 42704 everywhere (Postgres-XL's DROP
 * NODE GROUP reports it as 42710). Like Postgres-XL, both statements may run inside a transaction block: the group
 * then appears to others at COMMIT.
 */
final class NodeGroupDdl {
    private final CatalogStore catalog;

    NodeGroupDdl(CatalogStore catalog) {
        this.catalog = catalog;
    }

    /**
     * CREATE NODE GROUP.
     *
     * @throws TesseraException 42710 for a group that exists, 42704 for an unknown node, 42601 for a coordinator
     *     named as a member
     */
    void create(SqlCreateNodeGroup stmt) {
        catalog.apply((snapshot, root, ops) -> {
            if (snapshot.groups().containsKey(stmt.name())) {
                throw new TesseraException(SqlState.DUPLICATE_OBJECT, "PGXC Group " + stmt.name()
                        + ": group already defined");
            }
            List<String> members = new ArrayList<>();
            for (String n : stmt.nodes()) {
                NodeDef node = snapshot.nodes().get(n);
                if (node == null) {
                    throw new TesseraException(SqlState.UNDEFINED_OBJECT, "PGXC Node " + n + ": object not defined");
                }
                if (node.type() != 'D') {
                    throw new TesseraException(SqlState.SYNTAX_ERROR, "PGXC node " + n
                            + ": only Datanodes can be group members");
                }
                if (!members.contains(n)) {
                    members.add(n);
                }
            }
            return List.of(ops.createGroup(new NodeGroupDef(stmt.name(), ops.allocateOid(), members)));
        });
    }

    /**
     * DROP NODE GROUP. Tables created or moved {@code TO GROUP} it stay on their nodes.
     *
     * @throws TesseraException 42704 for an unknown group
     */
    void drop(SqlDropNodeGroup stmt) {
        catalog.apply((snapshot, root, ops) -> List.of(ops.deleteGroup(group(snapshot, stmt.name()))));
    }

    /**
     * The datanodes a {@code TO GROUP name} clause stands for.
     *
     * @throws TesseraException 42704 {@code PGXC Group name: group not defined} for an unknown group
     */
    static List<String> members(CatalogSnapshot snapshot, String name) {
        return group(snapshot, name).members();
    }

    private static NodeGroupDef group(CatalogSnapshot snapshot, String name) {
        NodeGroupDef g = snapshot.groups().get(name);
        if (g == null) {
            throw new TesseraException(SqlState.UNDEFINED_OBJECT, "PGXC Group " + name + ": group not defined");
        }
        return g;
    }
}
