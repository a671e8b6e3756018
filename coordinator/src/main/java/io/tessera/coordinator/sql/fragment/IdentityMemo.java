package io.tessera.coordinator.sql.fragment;

import com.google.common.collect.MapMaker;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Values derived from immutable plan nodes, kept by the node's identity for as long as the node lives (weak keys).
 *
 * <p>Volcano asks for a candidate fragment's digest, layout, types and datanodes again for every join it tries above
 * it; derived afresh each time, each walk of the fragment below made planning a join of n tables grow with n cubed.
 * Safe because fragment nodes are records over immutable parts and are never changed after they are built.
 *
 * @param <K> the node type
 * @param <V> the derived value (null allowed)
 */
final class IdentityMemo<K, V> {
    private final Map<K, Optional<V>> values = new MapMaker().weakKeys().makeMap();
    private final Function<K, V> derive;

    IdentityMemo(Function<K, V> derive) {
        this.derive = derive;
    }

    /** The value for {@code key}, derived on the first call for this very object. */
    V get(K key) {
        Optional<V> known = values.get(key);
        if (known == null) {
            known = Optional.ofNullable(derive.apply(key));
            values.put(key, known);
        }
        return known.orElse(null);
    }
}
