package io.tessera.reduce;

/**
 * Names an inbox on its node.
 *
 * @param jobId the job (a redistribution job's id, a query's id)
 * @param streamId the stream within the job (an exchange's id; 0 for a redistribution)
 */
public record InboxKey(String jobId, int streamId) {
    @Override
    public String toString() {
        return jobId + "/" + streamId;
    }
}
