package dev.carbonledger.testsupport;

import java.time.Instant;

/** Fixed instants for event time in tests; never the wall clock. */
public final class TestTime {

    /** 2026-01-01T00:00:00Z, the default event time of every builder here. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private TestTime() {
    }

    /** {@link #T0} plus the given seconds. */
    public static Instant t0PlusSeconds(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
