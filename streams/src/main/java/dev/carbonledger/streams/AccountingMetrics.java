package dev.carbonledger.streams;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the accounting topology, shared by every task and thread of one application instance. Exposed by
 * {@link AccountingApp#metrics()} for the exporter, logs and tests.
 */
public final class AccountingMetrics {

    /** What is counted. */
    public enum Counter {
        /** Samples that reached the accounting processor and passed validation. */
        SAMPLES_PROCESSED,
        /** Rule 1: samples not later than their series' latest accepted sample (duplicates, out of order). */
        SAMPLES_IGNORED,
        /** Rule 2: first samples of a series. */
        BASELINES,
        /** Rule 3: sample intervals accounted (one ledger entry each). */
        INTERVALS,
        COUNTER_RESETS,
        /** Pieces added to the local pre-aggregation store. */
        PIECES_AGGREGATED,
        /** Pieces flushed downstream in partial aggregates (team dimension). */
        PIECES_FLUSHED,
        /** Pieces received by the window aggregation (team dimension). */
        PIECES_RECEIVED,
        /** Team-window pieces that arrived for a closed window and went to the late topic. */
        LATE_PIECES,
        /** Partial updates of any closed window (team, model or hourly) rejected as late. */
        LATE_UPDATES,
        WINDOWS_CLOSED,
        /** Records that could not be deserialized, sent to the dead-letter topic. */
        DEAD_LETTERED_DESERIALIZATION,
        /** Records violating the schema's meaning (negative counter, empty pod id ...), sent to the dead-letter topic. */
        DEAD_LETTERED_INVALID,
        /** Reference records (pods, nodes, intensity) skipped because they are unusable. */
        REFERENCE_REJECTED,
        /** Series whose state was dropped after the idle expiry. */
        SERIES_EXPIRED,
        /** Intensity records of the signal that is not the accounting signal: kept out of the ledger (rule 5). */
        INTENSITY_OTHER_SIGNAL,
        /** Budgets set or replaced, and deleted (tombstones), as accepted by the intake. */
        BUDGETS_SET,
        BUDGETS_DELETED,
        /** Budget transfers accepted by the intake. */
        TRANSFERS_APPLIED,
        /** Transfer halves that reached a team whose budget was deleted in between: not applied. */
        TRANSFERS_IGNORED,
        /** Per-team window spend records applied to budgets. */
        BUDGET_SPEND_RECORDS,
        /** Spend for windows older than the budget retention (70 days): still in the ledger, not in budgets. */
        BUDGET_SPEND_TOO_OLD,
        /** Threshold and burn-rate alert events published. */
        BUDGET_ALERTS,
        /** Gate and carbon-window decisions published. */
        POLICY_DECISIONS,
        /** Functional-unit readings that passed validation (the R of SCI). */
        UNIT_SAMPLES_PROCESSED,
        /** Functional-unit readings not later than their series' latest accepted reading (duplicates, out of order). */
        UNIT_SAMPLES_IGNORED,
        /** Functional-unit counters that went down (restarted from zero). */
        UNIT_COUNTER_RESETS,
        /** SCI windows closed (final values published). */
        SCI_WINDOWS_CLOSED,
        /** Changes to closed SCI windows, republished as corrected final values. */
        SCI_LATE_UPDATES,
        /** Energy or units for SCI windows whose state was already dropped (window end + grace + 1 h): logged, not joined. */
        SCI_LATE_DROPPED
    }

    private final Map<Counter, LongAdder> counters = new EnumMap<>(Counter.class);
    private final Map<Object, TaskProgress> accountingTasks = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Flush progress of one accounting task, written by its stream thread, read by {@link AccountingApp#awaitDrained}.
     */
    public static final class TaskProgress {
        private volatile boolean pending = true;
        private volatile long lastFlushMillis;

        /** Pieces were added to the pre-aggregation store and are not flushed yet. */
        public void markPending() {
            pending = true;
        }

        /** Everything pre-aggregated was just forwarded downstream (or there was nothing). */
        public void markFlushed(long wallClockMillis, boolean sentSomething) {
            if (sentSomething) {
                lastFlushMillis = wallClockMillis;
            }
            pending = false;
        }
    }

    /** Registers an accounting task (processor instance); its entry is removed when it closes. */
    public TaskProgress registerAccountingTask(Object owner) {
        TaskProgress progress = new TaskProgress();
        accountingTasks.put(owner, progress);
        return progress;
    }

    public void unregisterAccountingTask(Object owner) {
        accountingTasks.remove(owner);
    }

    /** True when no accounting task of this instance holds pre-aggregates that were not forwarded. */
    boolean allFlushed() {
        return accountingTasks.values().stream().noneMatch(p -> p.pending);
    }

    /** Wall-clock time of the latest flush that forwarded partials, or 0. */
    long lastFlushMillis() {
        return accountingTasks.values().stream().mapToLong(p -> p.lastFlushMillis).max().orElse(0L);
    }

    public AccountingMetrics() {
        for (Counter c : Counter.values()) {
            counters.put(c, new LongAdder());
        }
    }

    public void increment(Counter counter) {
        counters.get(counter).increment();
    }

    public void add(Counter counter, long n) {
        counters.get(counter).add(n);
    }

    public long get(Counter counter) {
        return counters.get(counter).sum();
    }

    public long samplesProcessed() { return get(Counter.SAMPLES_PROCESSED); }
    public long samplesIgnored() { return get(Counter.SAMPLES_IGNORED); }
    public long intervals() { return get(Counter.INTERVALS); }
    public long latePieces() { return get(Counter.LATE_PIECES); }
    public long deadLettered() {
        return get(Counter.DEAD_LETTERED_DESERIALIZATION) + get(Counter.DEAD_LETTERED_INVALID);
    }

    /** All counters by name, for logs. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            m.put(c.name().toLowerCase(java.util.Locale.ROOT), get(c));
        }
        return m;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
