package io.tessera.coordinator.session;

import java.util.SplittableRandom;

/**
 * A session's source of {@code random()} values, reseeded by {@code setseed(x)}
 * (https://www.postgresql.org/docs/15/functions-math.html#FUNCTIONS-MATH-RANDOM-TABLE).
 *
 * <p>Until the first {@code setseed} the values are unpredictable (a fresh {@link SplittableRandom}). After
 * {@code setseed(x)} the following values are a fixed sequence of {@code x}: the same seed in the same session
 * gives the same values again. They are not PostgreSQL's values for that seed (PostgreSQL's xoroshiro128**
 * {@code pg_prng}; here SplitMix64 seeded from all 64 bits of the double: {@code java.util.Random} would keep only
 * the low 48, the same for 0.25, -0.25 and 0.5). Statements of one session run one at a time, but a statement's
 * rows may be computed on several threads: the methods are synchronized.
 */
public final class SessionRandom {
    private SplittableRandom random = new SplittableRandom();

    /** The next value, uniformly distributed in [0, 1). */
    public synchronized double next() {
        return random.nextDouble();
    }

    /** Restarts the sequence at {@code seed}'s ([-1, 1], checked by the caller). */
    public synchronized void seed(double seed) {
        random = new SplittableRandom(Double.doubleToLongBits(seed));
    }
}
