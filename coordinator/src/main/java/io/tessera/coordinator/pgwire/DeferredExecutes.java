package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.tessera.coordinator.session.DeferredFailure;
import io.tessera.coordinator.session.PreparedStatement;
import io.tessera.coordinator.session.SqlSession;
import java.util.ArrayList;
import java.util.List;

/**
 * Execute messages whose statement the session deferred ({@link SqlSession#deferExecute}: consecutive single-row
 * INSERTs of one statement inside a transaction block, as pgjdbc's {@code executeBatch} sends them), and the replies
 * written for them. Each deferred execution's CommandComplete goes into the output buffer at once, its offset
 * remembered; nothing of the buffer reaches the client before the session wrote the deferred rows
 * ({@link #flush}), which the connection does before any other message than Parse, Bind, Describe and Execute,
 * before executing another statement, and before reporting an error. When that write fails at execution j, the
 * replies from j's CommandComplete on are dropped and the error takes its place — what PostgreSQL, failing at
 * execution j and skipping the rest up to Sync, sends.
 *
 * <pre>
 *   Bind Execute(j=0) Bind Execute(j=1) ... Sync
 *     └ BindComplete, CommandComplete(mark 0), BindComplete, CommandComplete(mark 1) ... ← held in the buffer
 *   flush at Sync: ok → ReadyForQuery; fails at j → buffer cut at mark j, ErrorResponse, ReadyForQuery
 * </pre>
 */
final class DeferredExecutes {
    private final SqlSession session;
    private final Output output;
    /** The output buffer's writer index before each deferred execution's CommandComplete, in order. */
    private final List<Integer> marks = new ArrayList<>();
    /** {@link Output#flushes()} when the first mark was taken. */
    private long flushesAtFirst;

    DeferredExecutes(SqlSession session, Output output) {
        this.session = session;
        this.output = output;
    }

    /**
     * Executes {@code statement} deferred when the session can; then writes its CommandComplete.
     *
     * @return the command tag, or null when it was not deferred
     * @throws DeferredFailure when writing the earlier deferred executions failed
     */
    String defer(PreparedStatement statement, List<Object> params) {
        String tag;
        try {
            tag = session.deferExecute(statement, params);
        } catch (DeferredFailure f) { // the earlier deferred executions failed before this one's own error
            cut(f);
            marks.clear();
            throw f;
        }
        if (tag == null) {
            return null;
        }
        ByteBuf out = output.buf();
        if (marks.isEmpty()) {
            flushesAtFirst = output.flushes();
        }
        marks.add(out.writerIndex());
        BackendMessages.commandComplete(out, tag);
        return tag;
    }

    /**
     * Has the session write the deferred executions' rows.
     *
     * @throws DeferredFailure when that fails ({@link #cut} then drops the replies it invalidates)
     */
    void flush() {
        try {
            session.flushDeferred();
        } catch (DeferredFailure f) {
            cut(f);
            throw f;
        } finally {
            marks.clear();
        }
    }

    /** Drops the replies written since the failed execution's CommandComplete (those not sent yet). */
    private void cut(DeferredFailure f) {
        if (f.index() < marks.size() && output.flushes() == flushesAtFirst) {
            output.buf().writerIndex(marks.get(f.index()));
        }
    }
}
