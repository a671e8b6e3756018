package io.tessera.coordinator.catalog;

/**
 * A node as {@code pgxc_node} shows it.
 *
 * @param name node name
 * @param type 'C' coordinator, 'D' datanode
 * @param host host name or address
 * @param port client port (pgwire for a coordinator, gRPC for a datanode)
 * @param nodeId Postgres-XL's node id ({@code NodeIds.of(name)})
 */
public record NodeDef(String name, char type, String host, int port, int nodeId) {
}
