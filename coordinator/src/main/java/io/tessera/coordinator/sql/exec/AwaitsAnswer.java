package io.tessera.coordinator.sql.exec;

/**
 * Rows whose first one waits for one datanode's answer ({@link PointRead}) and that can say so without waiting.
 * The protocol layer then gives its thread back and finishes the statement on the thread that receives the answer
 * (pgwire's {@code PgConnection}), instead of parking a thread in the wait for that one to wake it: one thread
 * hand-off less per point select. See {@link io.tessera.coordinator.session.QueryResult#whenAnswered}.
 */
public interface AwaitsAnswer {
    /**
     * When the answer is outstanding, arranges for {@code callback} to run once it arrived, failed or was
     * cancelled — on the thread that completes the call (a gRPC transport thread, a cancelling thread), or at once
     * on this one if it completes meanwhile — and returns true; false when nothing is outstanding (the answer is in,
     * or the first row was read).
     */
    boolean whenAnswered(Runnable callback);

    /**
     * Whether the answer is in and successful and the statement not cancelled: reading the rows now neither waits
     * nor meets the datanode's error (a refusal such as 40T01, whose retry re-reads the catalog).
     */
    boolean answered();
}
