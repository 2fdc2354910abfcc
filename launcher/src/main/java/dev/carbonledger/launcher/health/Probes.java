package dev.carbonledger.launcher.health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The liveness and readiness checks of one process, by part name. A process is live (ready) when every
 * registered liveness (readiness) check passes; with none registered it is live, and ready.
 */
public final class Probes {
    private final Map<String, Probe> live = new LinkedHashMap<>();
    private final Map<String, Probe> ready = new LinkedHashMap<>();

    /** Adds a part's checks; either may be null when the part has none of that kind. */
    public synchronized Probes add(String part, Probe liveness, Probe readiness) {
        if (liveness != null) {
            live.put(part, liveness);
        }
        if (readiness != null) {
            ready.put(part, readiness);
        }
        return this;
    }

    public synchronized Map<String, Probe.Result> liveness() {
        return run(live);
    }

    public synchronized Map<String, Probe.Result> readiness() {
        return run(ready);
    }

    /** Whether every result passes. */
    public static boolean allOk(Map<String, Probe.Result> results) {
        return results.values().stream().allMatch(Probe.Result::ok);
    }

    private static Map<String, Probe.Result> run(Map<String, Probe> probes) {
        Map<String, Probe.Result> results = new LinkedHashMap<>();
        probes.forEach((name, probe) -> {
            Probe.Result r;
            try {
                r = probe.check();
            } catch (RuntimeException e) {
                // A check that throws is a failing check, with the reason, never a 500.
                r = Probe.Result.failing("check failed: " + e.getMessage());
            }
            results.put(name, r);
        });
        return results;
    }
}
