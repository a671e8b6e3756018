package io.tessera.common.grpc;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gets a channel whose peer went away out of gRPC's reconnect backoff before a call is made on it.
 *
 * <p>A channel whose peer died sits in TRANSIENT_FAILURE with gRPC's exponential reconnect backoff (up to two
 * minutes), and a call without wait-for-ready made in that state fails at once with the previous attempt's error —
 * so the first call after the peer restarted would fail although the peer is back. {@link #ifFailing} resets the
 * backoff and waits for the connect attempt that starts to end, READY or failed again. A dead peer's attempt fails at
 * once (connection refused), so a call that needs it still fails promptly.
 */
public final class Reconnect {
    /** The longest {@link #ifFailing} waits for a reconnect attempt, in milliseconds. */
    public static final long CONNECT_ATTEMPT_MS = 3_000;

    private Reconnect() {
    }

    /**
     * If {@code ch} is in TRANSIENT_FAILURE: resets its connect backoff and waits (at most {@link #CONNECT_ATTEMPT_MS})
     * until the attempt that starts has ended. Returns at once otherwise. An interrupt ends the wait early (the
     * thread's interrupt flag is set again).
     */
    public static void ifFailing(ManagedChannel ch) {
        if (ch.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
            return;
        }
        CountDownLatch settled = new CountDownLatch(1);
        watch(ch, ConnectivityState.TRANSIENT_FAILURE, settled);
        ch.resetConnectBackoff();
        try {
            settled.await(CONNECT_ATTEMPT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts {@code settled} down once the channel, having left {@code from}, is READY or failing again. */
    private static void watch(ManagedChannel ch, ConnectivityState from, CountDownLatch settled) {
        ch.notifyWhenStateChanged(from, () -> {
            ConnectivityState now = ch.getState(false);
            if (now == ConnectivityState.READY || now == ConnectivityState.SHUTDOWN
                    || (now == ConnectivityState.TRANSIENT_FAILURE && from != ConnectivityState.TRANSIENT_FAILURE)) {
                settled.countDown();
            } else {
                watch(ch, now, settled);
            }
        });
    }
}
