package io.tessera.coordinator.pgwire;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The BackendKeyData of every live connection of a server, for CancelRequest: a process id unique within this
 * JVM (PostgreSQL's is the backend's pid; here connections share one process, so a counter stands in) and a
 * random secret the canceller must present.
 */
final class BackendKeys {
    /** Process-wide, so that two servers in one JVM (tests) never hand out the same id. */
    private static final AtomicInteger NEXT_PROCESS_ID = new AtomicInteger(1000);

    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Entry> live = new ConcurrentHashMap<>();

    private record Entry(int secret, Runnable cancel) {
    }

    /** A registered key. */
    record Key(int processId, int secret) {
    }

    /**
     * Registers a connection; {@code cancel} runs (on the cancelling connection's thread) when a matching
     * CancelRequest arrives.
     *
     * @param processId the session's own process id ({@code pg_backend_pid()}), or 0 to number it here
     */
    Key register(int processId, Runnable cancel) {
        int pid = processId != 0 ? processId : NEXT_PROCESS_ID.getAndIncrement();
        int secret = random.nextInt();
        live.put(pid, new Entry(secret, cancel));
        return new Key(pid, secret);
    }

    void unregister(Key key) {
        if (key != null) {
            live.remove(key.processId());
        }
    }

    /** Cancels the connection with this id if the secret matches; returns whether one was cancelled. */
    boolean cancel(int processId, int secret) {
        Entry e = live.get(processId);
        if (e == null || e.secret() != secret) {
            return false;
        }
        e.cancel().run();
        return true;
    }
}
