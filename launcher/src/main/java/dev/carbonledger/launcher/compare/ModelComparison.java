package dev.carbonledger.launcher.compare;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sums the windows of a set of models over a range. Windows publish running values, so for each window key the last
 * record read wins (a later record supersedes an earlier one); late pieces ({@code carbon.emissions.late}) never enter
 * the windows and are added, each once. Only windows that lie fully inside the range count. Not thread-safe.
 */
public final class ModelComparison {
    private final CompareRange range;
    private final Set<String> models;
    private final Map<String, EmissionsWindow> windows = new HashMap<>();
    private final Map<String, SciWindow> sci = new HashMap<>();
    private final Map<String, double[]> late = new HashMap<>();
    private final Set<String> seenModels = new TreeSet<>();

    /** @param models the models compared, in the order of the columns */
    public ModelComparison(CompareRange range, List<String> models) {
        this.range = range;
        this.models = Set.copyOf(models);
    }

    /** Whether a window key {@code <model>@<windowStart millis>} may be of interest; notes the model as known. */
    public boolean wantsWindowKey(String key) {
        int at = key == null ? -1 : key.lastIndexOf('@');
        if (at <= 0) {
            return false;
        }
        String model = key.substring(0, at);
        try {
            Instant start = Instant.ofEpochMilli(Long.parseLong(key.substring(at + 1)));
            if (!start.isBefore(range.from()) && start.isBefore(range.to())) {
                seenModels.add(model);
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return models.contains(model);
    }

    /** Whether an SCI key {@code <model>/<unit>@<windowStart>} may be of interest. */
    public boolean wantsSciKey(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash > 0 && models.contains(key.substring(0, slash));
    }

    /** A record of {@code carbon.emissions.model}; a later record for the same key supersedes an earlier one. */
    public void window(String key, EmissionsWindow w) {
        if (w != null && models.contains(w.getGroup()) && range.holds(w.getWindowStart(), w.getWindowEnd())) {
            windows.put(key, w);
        }
    }

    /** A record of {@code carbon.sci}; a later record for the same key supersedes an earlier one. */
    public void sci(String key, SciWindow s) {
        if (s != null && models.contains(s.getModel()) && range.holds(s.getWindowStart(), s.getWindowEnd())) {
            sci.put(key, s);
        }
    }

    /** A late piece of {@code carbon.emissions.late}: added, every record once. */
    public void late(LateEmission l) {
        if (l != null && models.contains(l.getModel()) && range.holds(l.getWindowStart(), l.getWindowEnd())) {
            double[] sums = late.computeIfAbsent(l.getModel(), m -> new double[2]);
            sums[0] += l.getEnergyJoules();
            sums[1] += l.getCo2eGrams();
        }
    }

    /** Models with a rollup window starting in the range, whether compared or not, sorted. */
    public Set<String> knownModels() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(seenModels));
    }

    /** The totals of the given models, in the order given (models without windows have zero totals). */
    public Map<String, ModelTotals> totals(List<String> order) {
        Map<String, double[]> sums = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        for (EmissionsWindow w : windows.values()) {
            double[] s = sums.computeIfAbsent(w.getGroup(), m -> new double[2]);
            s[0] += w.getEnergyJoules();
            s[1] += w.getCo2eGrams();
            counts.merge(w.getGroup(), 1L, Long::sum);
        }
        Map<String, Map<String, double[]>> units = new HashMap<>();
        Map<String, Map<Instant, Double>> embodied = new HashMap<>();
        for (SciWindow s : sci.values()) {
            double[] u = units.computeIfAbsent(s.getModel(), m -> new TreeMap<>())
                    .computeIfAbsent(s.getUnit(), k -> new double[4]);
            u[0] += 1;
            u[1] += s.getOperationalGrams();
            u[2] += s.getEmbodiedGrams();
            u[3] += s.getFunctionalUnits();
            // M belongs to the model's window, whatever unit it is counted in: once per window.
            embodied.computeIfAbsent(s.getModel(), m -> new HashMap<>()).put(s.getWindowStart(), s.getEmbodiedGrams());
        }
        Map<String, ModelTotals> out = new LinkedHashMap<>();
        for (String model : order) {
            double[] s = sums.getOrDefault(model, new double[2]);
            double[] l = late.getOrDefault(model, new double[2]);
            TreeMap<String, ModelTotals.UnitTotals> perUnit = new TreeMap<>();
            units.getOrDefault(model, Map.of()).forEach((unit, u) -> perUnit.put(unit,
                    new ModelTotals.UnitTotals(unit, (long) u[0], u[1], u[2], u[3])));
            double m = embodied.getOrDefault(model, Map.of()).values().stream().mapToDouble(Double::doubleValue).sum();
            out.put(model, new ModelTotals(model, counts.getOrDefault(model, 0L), s[0] + l[0], s[1] + l[1], m, perUnit));
        }
        return out;
    }
}
