package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.streams.AccountingPropertiesTest.Scenario;
import dev.carbonledger.streams.ReferenceAccounting.Sample;
import dev.carbonledger.streams.testing.Harness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random workloads (the energy scenarios of {@link AccountingPropertiesTest}, nodes with and without embodied data,
 * functional-unit counters with resets, duplicates and out-of-order readings): every SCI window equals a reference
 * computed here from first principles — E and E·I the model rollup, M each node's embodied grams of the window shared
 * by energy (from the ledger's pieces), R the counter increases spread uniformly over the windows.
 */
class SciPropertiesTest {
    private static final long BASE = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
    private static final String[] MODELS = {"m1", "m2", "unattributed", "m9"};   // m9 has units but no pods

    record Reading(String model, String unit, String series, long ts, double count) {}

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 60)
    void shouldMatchReferenceSci(@ForAll("seeds") long seed) {
        Random r = new Random(seed);
        Scenario s = AccountingPropertiesTest.scenario(r);
        Map<String, Double> embodied = new HashMap<>();
        embodied.put("n1", (double) r.nextInt(200));
        embodied.put("n2", r.nextBoolean() ? null : r.nextInt(200) + r.nextDouble());
        List<Reading> readings = readings(r);

        AccountingOptions options = AccountingOptions.builder().window(Duration.ofMillis(s.windowMillis()))
                .grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER).build();
        try (Harness h = new Harness(options)) {
            s.pods().forEach(p -> h.pod(p.pod(), p.namespace(), p.team(), p.model()));
            s.nodes().forEach(n -> h.node(n.node(), n.zone(), n.pue(), embodied.get(n.node())));
            s.intensity().forEach(i -> h.intensity(i.zone(), Instant.ofEpochMilli(i.from()), i.value(), false));
            int next = 0;
            for (int k = 0; k < s.samples().size(); k++) {
                Sample x = s.samples().get(k);
                h.sample(x.pod(), x.component(), x.node(), Instant.ofEpochMilli(x.ts()), x.joules());
                if (next < readings.size() && r.nextBoolean()) {
                    Reading u = readings.get(next++);
                    h.units(u.model(), u.unit(), u.series(), Instant.ofEpochMilli(u.ts()), u.count());
                }
                if (s.flushPoints().contains(k)) {
                    h.flush();
                }
            }
            for (; next < readings.size(); next++) {
                Reading u = readings.get(next);
                h.units(u.model(), u.unit(), u.series(), Instant.ofEpochMilli(u.ts()), u.count());
            }
            h.flushSci();

            Map<String, SciWindow> actual = h.lastSci();
            Map<String, EmissionsWindow> rollups = Harness.last(h.modelWindows);
            Map<String, Double> m = embodiedReference(h.ledgerEntries(), embodied, s.windowMillis());
            Map<String, Double> units = unitsReference(readings, s.windowMillis());

            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(units.keySet());
            units.forEach((key, r0) -> {
                SciWindow w = actual.get(key);
                String modelWindow = w.getModel() + "@" + w.getWindowStart().toEpochMilli();
                EmissionsWindow rollup = rollups.get(modelWindow);
                double e = rollup == null ? 0 : rollup.getEnergyJoules();
                double ei = rollup == null ? 0 : rollup.getCo2eGrams();
                double mm = m.getOrDefault(modelWindow, 0.0);
                assertClose(w.getEnergyJoules(), e, key + " E");
                assertClose(w.getOperationalGrams(), ei, key + " E·I");
                assertClose(w.getEmbodiedGrams(), mm, key + " M");
                assertClose(w.getFunctionalUnits(), r0, key + " R");
                if (r0 > 0) {
                    assertClose(w.getSciGramsPerUnit(), (ei + mm) / r0, key + " SCI");
                } else {
                    assertThat(w.getSciGramsPerUnit()).as(key + " SCI with R = 0").isNull();
                }
            });
        }
    }

    /** Functional-unit readings of 1–4 series in arrival order, with resets, duplicates and out-of-order readings. */
    private static List<Reading> readings(Random r) {
        List<Reading> out = new ArrayList<>();
        int seriesCount = 1 + r.nextInt(4);
        for (int i = 0; i < seriesCount; i++) {
            String model = MODELS[r.nextInt(MODELS.length)];
            String unit = r.nextBoolean() ? "request" : "token";
            long t = BASE + r.nextInt(30_000);
            double count = r.nextInt(1000);
            int n = 1 + r.nextInt(10);
            for (int k = 0; k < n; k++) {
                out.add(new Reading(model, unit, "s" + i, t, count));
                if (r.nextInt(6) == 0) {
                    out.add(new Reading(model, unit, "s" + i, t, count + 7));   // duplicate timestamp
                }
                if (r.nextInt(6) == 0) {
                    out.add(new Reading(model, unit, "s" + i, t - 1 - r.nextInt(5_000), r.nextInt(1000)));   // out of order
                }
                t += 1 + r.nextInt(r.nextInt(8) == 0 ? 150_000 : 20_000);
                count = r.nextInt(8) == 0 ? r.nextInt(50) : count + r.nextInt(300) + r.nextDouble();   // resets
            }
        }
        // Interleave the series (order per series kept, except the injected reorderings).
        List<Reading> shuffled = new ArrayList<>();
        Map<String, List<Reading>> bySeries = new TreeMap<>();
        out.forEach(x -> bySeries.computeIfAbsent(x.model() + x.unit() + x.series(), k -> new ArrayList<>()).add(x));
        List<List<Reading>> queues = new ArrayList<>(bySeries.values());
        while (!queues.isEmpty()) {
            List<Reading> q = queues.get(r.nextInt(queues.size()));
            shuffled.add(q.remove(0));
            if (q.isEmpty()) {
                queues.remove(q);
            }
        }
        return shuffled;
    }

    /** R per model/unit@window: rules 1–3 per series in arrival order, each increase spread uniformly. */
    private static Map<String, Double> unitsReference(List<Reading> readings, long window) {
        Map<String, Reading> last = new HashMap<>();
        Map<String, Double> out = new TreeMap<>();
        for (Reading x : readings) {
            String series = x.model() + "\u0000" + x.unit() + "\u0000" + x.series();
            Reading prev = last.get(series);
            if (prev != null && x.ts() <= prev.ts()) {
                continue;
            }
            last.put(series, x);
            if (prev == null) {
                continue;
            }
            double increase = x.count() >= prev.count() ? x.count() - prev.count() : x.count();
            for (long ws = Math.floorDiv(prev.ts(), window) * window; ws < x.ts(); ws += window) {
                long overlap = Math.min(x.ts(), ws + window) - Math.max(prev.ts(), ws);
                out.merge(x.model() + "/" + x.unit() + "@" + ws, increase * overlap / (x.ts() - prev.ts()), Double::sum);
            }
        }
        return out;
    }

    /** M per model@window: each node's embodied grams of the window shared by the models' joules on it. */
    private static Map<String, Double> embodiedReference(List<LedgerEntry> ledger, Map<String, Double> embodied, long window) {
        Map<String, Map<String, Double>> joules = new TreeMap<>();   // node@ws → model → joules
        for (LedgerEntry e : ledger) {
            for (LedgerPiece p : e.getPieces()) {
                joules.computeIfAbsent(e.getNode() + "@" + p.getWindowStart().toEpochMilli(), k -> new TreeMap<>())
                        .merge(e.getModel(), p.getEnergyJoules(), Double::sum);
            }
        }
        Map<String, Double> out = new HashMap<>();
        joules.forEach((nodeWindow, byModel) -> {
            Double perHour = embodied.get(nodeWindow.substring(0, nodeWindow.indexOf('@')));
            double nodeGrams = perHour == null ? 0 : perHour * window / 3_600_000.0;
            double total = byModel.values().stream().mapToDouble(Double::doubleValue).sum();
            String ws = nodeWindow.substring(nodeWindow.indexOf('@'));
            byModel.forEach((model, j) -> out.merge(model + ws,
                    nodeGrams * (total > 0 ? j / total : 1.0 / byModel.size()), Double::sum));
        });
        return out;
    }

    private static void assertClose(double actual, double expected, String what) {
        double tolerance = 1e-9 * Math.max(1.0, Math.abs(expected));
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected).isLessThanOrEqualTo(tolerance);
    }
}
