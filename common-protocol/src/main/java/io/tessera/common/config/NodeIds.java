package io.tessera.common.config;

import io.tessera.common.distribution.Murmur3;
import java.nio.charset.StandardCharsets;

/**
 * Node ids as {@code pgxc_node.node_id} shows them: a stable signed 32-bit hash of the node name, as
 * Postgres-XL computes them (so ids do not depend on the order nodes were created in). The hash is
 * MurmurHash3's x86_32 (seed 0) over the UTF-8 name.
 */
public final class NodeIds {
    private NodeIds() {
    }

    /** The node id of the node with this name. */
    public static int of(String nodeName) {
        byte[] data = nodeName.getBytes(StandardCharsets.UTF_8);
        return Murmur3.hash32(data, 0, data.length, 0);
    }
}
