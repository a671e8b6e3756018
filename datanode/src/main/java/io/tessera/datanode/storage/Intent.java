package io.tessera.datanode.storage;

import io.tessera.common.codec.ByteSink;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.Arrays;

/**
 * The value of an intent — an uncommitted write, stored under the key without a timestamp (DESIGN.md "Storage"):
 * <pre>
 *   gxid u64 ‖ start_ts u64 ‖ command_id u32 ‖ state u8 (0 pending, 1 prepared) ‖ payload
 * </pre>
 * where {@code payload} is byte for byte the value a committed version of the key will carry (see
 * {@link RowValue}: a row or a tombstone). Committing an intent at {@code ts} is therefore
 * {@code put(key ‖ ~ts, payload); delete(key)} without decoding the row. Immutable.
 */
public final class Intent {
    static final int HEADER_LENGTH = 8 + 8 + 4 + 1;
    static final byte PENDING = 0;
    static final byte PREPARED = 1;

    private final long gxid;
    private final long startTs;
    private final int commandId;
    private final boolean prepared;
    private final byte[] payload;

    public Intent(long gxid, long startTs, int commandId, boolean prepared, byte[] payload) {
        this.gxid = gxid;
        this.startTs = startTs;
        this.commandId = commandId;
        this.prepared = prepared;
        this.payload = payload;
    }

    /** Decodes a stored intent value. @throws TesseraException DATA_CORRUPTED when it is too short */
    public static Intent decode(byte[] v) {
        if (v.length < HEADER_LENGTH + 1 || (v[20] != PENDING && v[20] != PREPARED)) {
            throw new TesseraException(SqlState.DATA_CORRUPTED, "malformed intent value of " + v.length + " bytes");
        }
        return new Intent(ByteSink.getLong(v, 0), ByteSink.getLong(v, 8), ByteSink.getInt(v, 16), v[20] == PREPARED,
                Arrays.copyOfRange(v, HEADER_LENGTH, v.length));
    }

    /** The stored form. */
    public byte[] encode() {
        ByteSink s = new ByteSink(HEADER_LENGTH + payload.length);
        s.writeLong(gxid);
        s.writeLong(startTs);
        s.writeInt(commandId);
        s.writeByte(prepared ? PREPARED : PENDING);
        s.write(payload);
        return s.toByteArray();
    }

    /** The same intent marked prepared. */
    public Intent asPrepared() {
        return prepared ? this : new Intent(gxid, startTs, commandId, true, payload);
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
                + (prepared ? "prepared" : "pending") + (isTombstone() ? ", tombstone}" : "}");
    }
}
