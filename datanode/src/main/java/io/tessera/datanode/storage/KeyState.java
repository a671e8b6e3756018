package io.tessera.datanode.storage;

/**
 * The current (not snapshot) state of one key: its intent if any, and its newest committed version.
 *
 * @param intent the intent, or null
 * @param newestTs the newest committed version's commit timestamp, or -1 when the key has no version
 * @param newestValue that version's {@link RowValue}, or null
 */
public record KeyState(Intent intent, long newestTs, byte[] newestValue) {
    /** Whether the newest committed version exists and is a row (not a tombstone). */
    public boolean newestIsRow() {
        return newestValue != null && !RowValue.isTombstone(newestValue);
    }
}
