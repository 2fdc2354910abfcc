package dev.carbonledger.launcher.report;

import java.util.List;
import java.util.TreeMap;

/**
 * A job's IT power over time: each piece contributes its energy divided by its duration (its mean power) over its
 * own interval; pieces of several pods and components that overlap add up.
 */
public final class PowerProfile {
    private PowerProfile() {}

    /** The summed power in watts, from the first piece start to the last piece end (zero in gaps). */
    public static StepSeries watts(List<JobPiece> pieces) {
        if (pieces.isEmpty()) {
            return StepSeries.empty();
        }
        TreeMap<Long, Double> changes = new TreeMap<>();
        for (JobPiece p : pieces) {
            changes.merge(p.startMillis(), p.watts(), Double::sum);
            changes.merge(p.endMillis(), -p.watts(), Double::sum);
        }
        long[] times = new long[changes.size()];
        double[] values = new double[changes.size() - 1];
        double level = 0;
        int i = 0;
        for (var change : changes.entrySet()) {
            times[i] = change.getKey();
            level += change.getValue();
            if (i < values.length) {
                // Rounding leaves tiny residues where the power returns to zero: a gap is drawn at zero.
                values[i] = Math.abs(level) < 1e-9 ? 0 : level;
            }
            i++;
        }
        return new StepSeries(times, values);
    }
}
