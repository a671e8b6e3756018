package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Arrays;

/**
 * The value of an intent — an uncommitted write, stored under the key without a timestamp (DESIGN.md "Storage"):
 * <pre>
 *   gxid u64 ‖ start_ts u64 ‖ command_id u32 ‖ state u8 ‖ payload
 * </pre>
 * where {@code state} is a bit set — 1: prepared (older versions marked prepared intents so; a prepared
 * transaction record does it now), 2: the intent holds its row in FOR NO KEY UPDATE mode (an UPDATE, which keeps
 * the key) instead of FOR UPDATE (an INSERT, DELETE or ON CONFLICT DO UPDATE) — and {@code payload} is byte for
 * byte the value a committed version of the key will carry (see {@link RowValue}: a row or a tombstone).
 * Committing an intent at {@code ts} is therefore {@code put(key ‖ ~ts, payload); delete(key)} without decoding
 * the row. The intent is its writer's row lock (no in-memory lock entry backs it): its mode is what another
 * transaction's FOR KEY SHARE checks against. Immutable.
 */
public final class Intent {
    static final int HEADER_LENGTH = 8 + 8 + 4 + 1;
    static final byte PENDING = 0;
    static final byte PREPARED = 1;
    static final byte NO_KEY_UPDATE = 2;

    private final long gxid;
    private final long startTs;
    private final int commandId;
    private final boolean prepared;
    private final boolean noKeyUpdate;
    private final byte[] payload;

    /** An intent holding its row in FOR UPDATE mode. */
    public Intent(long gxid, long startTs, int commandId, boolean prepared, byte[] payload) {
        this(gxid, startTs, commandId, prepared, false, payload);
    }

    /**
     * @param noKeyUpdate whether the intent holds its row in FOR NO KEY UPDATE mode (an UPDATE keeping the key)
     *     rather than FOR UPDATE
     */
    public Intent(long gxid, long startTs, int commandId, boolean prepared, boolean noKeyUpdate, byte[] payload) {
        this.gxid = gxid;
        this.startTs = startTs;
        this.commandId = commandId;
        this.prepared = prepared;
        this.noKeyUpdate = noKeyUpdate;
        this.payload = payload;
    }

    /** Decodes a stored intent value. @throws TesseraException DATA_CORRUPTED when it is too short */
    public static Intent decode(byte[] v) {
        if (v.length < HEADER_LENGTH + 1 || (v[20] & ~(PREPARED | NO_KEY_UPDATE)) != 0) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "malformed intent value of " + v.length + " bytes");
        }
        return new Intent(ByteSink.getLong(v, 0), ByteSink.getLong(v, 8), ByteSink.getInt(v, 16),
                (v[20] & PREPARED) != 0, (v[20] & NO_KEY_UPDATE) != 0, Arrays.copyOfRange(v, HEADER_LENGTH, v.length));
    }

    /** The stored form. */
    public byte[] encode() {
        ByteSink s = new ByteSink(HEADER_LENGTH + payload.length);
        s.writeLong(gxid);
        s.writeLong(startTs);
        s.writeInt(commandId);
        s.writeByte((prepared ? PREPARED : PENDING) | (noKeyUpdate ? NO_KEY_UPDATE : 0));
        s.write(payload);
        return s.toByteArray();
    }

    /** The same intent marked prepared. */
    public Intent asPrepared() {
        return prepared ? this : new Intent(gxid, startTs, commandId, true, noKeyUpdate, payload);
    }

    /** Whether it holds its row in FOR NO KEY UPDATE mode (an UPDATE) rather than FOR UPDATE. */
    public boolean noKeyUpdate() {
        return noKeyUpdate;
    }

    public long gxid() {
        return gxid;
    }

    public long startTs() {
        return startTs;
    }

    /** The command id of the statement that wrote it. */
    public int commandId() {
        return commandId;
    }

    public boolean prepared() {
        return prepared;
    }

    /** The future version's value: a {@link RowValue} row or tombstone. Do not modify. */
    public byte[] payload() {
        return payload;
    }

    public boolean isTombstone() {
        return RowValue.isTombstone(payload);
    }

    @Override
    public String toString() {
        return "Intent{gxid=" + gxid + ", start=" + startTs + ", cid=" + commandId + ", "
                + (prepared ? "prepared" : "pending") + (noKeyUpdate ? ", no key update" : "") + (isTombstone() ? ", tombstone}" : "}");
    }
}
