package dev.carbonledger.streams.internal;

import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.accounting.Windows;
import java.time.Duration;

/**
 * When an SCI window closes and when its state is dropped, in stream time. A window closes as the rollups do (stream
 * time &gt; window end + grace) and its final value is published; its state is kept {@link #LATE_RETENTION} longer, so
 * that late energy or units still correct it (republished, final, counted as late). After that a late contribution can
 * no longer be shared or joined: it is counted and logged (its energy is in the ledger and the late topic).
 */
final class SciWindowRules {
    /** How long after closing a window's SCI state stays to take late corrections. */
    static final Duration LATE_RETENTION = Duration.ofHours(1);

    private final AccountingOptions options;
    private final long windowMillis;

    SciWindowRules(AccountingOptions options) {
        this.options = options;
        this.windowMillis = options.windowMillis();
    }

    boolean closed(long windowStart, long streamTime) {
        return options.windowsClose()
                && streamTime > Windows.saturatedAdd(windowStart + windowMillis, options.graceMillis());
    }

    boolean expired(long windowStart, long streamTime) {
        return options.windowsClose() && streamTime > Windows.saturatedAdd(
                Windows.saturatedAdd(windowStart + windowMillis, options.graceMillis()), LATE_RETENTION.toMillis());
    }

    /** Stream-time interval between scans for windows to close or drop. */
    long scanMillis() {
        return Math.max(1_000L, Math.min(windowMillis, 10_000L));
    }
}
