package dev.carbonledger.launcher.report;

import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.domain.intensity.IntensityTimeline;
import dev.carbonledger.domain.intensity.Signal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The grid intensity history of every zone, exactly as the ledger prices it (DESIGN section 4, rule 5): one step
 * function per zone, built from the records of the accounting signal in arrival order (the last arrival wins for the
 * same {@code from}), with the default intensity where no record is in effect. Records of the other signal are
 * counted and ignored.
 */
public final class IntensityHistory {
    private final Map<String, IntensityTimeline> zones = new HashMap<>();
    private final AccountingSignal accounting;
    private final double defaultGCo2ePerKwh;
    private long used;
    private long ignored;

    public IntensityHistory(AccountingSignal accounting, double defaultGCo2ePerKwh) {
        this.accounting = Objects.requireNonNull(accounting, "accounting");
        this.defaultGCo2ePerKwh = defaultGCo2ePerKwh;
    }

    /** Adds one record; call in arrival order. */
    public void add(String zone, long fromMillis, double gCo2ePerKwh, Signal signal) {
        if (!accounting.entersLedger(signal)) {
            ignored++;
            return;
        }
        zones.computeIfAbsent(zone, z -> new IntensityTimeline(defaultGCo2ePerKwh)).put(fromMillis, gCo2ePerKwh);
        used++;
    }

    /** The zone's step function; a zone without records has the default everywhere. */
    public IntensityTimeline timeline(String zone) {
        IntensityTimeline t = zones.get(zone);
        return t != null ? t : new IntensityTimeline(defaultGCo2ePerKwh);
    }

    public AccountingSignal accounting() {
        return accounting;
    }

    /** Records of the accounting signal taken in. */
    public long used() {
        return used;
    }

    /** Records of the other signal, left out. */
    public long ignored() {
        return ignored;
    }
}
