package io.tessera.coordinator.catalog;

import java.util.List;

/**
 * A node group, as Postgres-XL's {@code pgxc_group} holds it: a named list of datanodes that {@code TO GROUP}
 * stands for. A table placed through a group keeps its own list of nodes (as {@code pgxc_class.nodeoids} does in
 * Postgres-XL): dropping or re-creating the group later does not move it.
 *
 * @param name the group's name
 * @param oid its OID
 * @param members the names of its datanodes, without duplicates, in the order CREATE NODE GROUP named them
 */
public record NodeGroupDef(String name, int oid, List<String> members) {
    public NodeGroupDef {
        members = List.copyOf(members);
    }
}
