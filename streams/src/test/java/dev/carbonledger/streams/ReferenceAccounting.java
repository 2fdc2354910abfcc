package dev.carbonledger.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A plain, obviously-correct implementation of DESIGN section 4 for the property tests: no Kafka, no shared code
 * with the topology. Reference data first, then samples in arrival order; results per (group, window start).
 */
final class ReferenceAccounting {
    record Sample(String pod, String component, String node, long ts, double joules) {}
    record Pod(String pod, String namespace, String team, String model) {}
    record Node(String node, String zone, Double pue) {}
    record Intensity(String zone, long from, double value) {}
    record Sum(double joules, double grams) {
        Sum plus(double j, double g) {
            return new Sum(joules + j, grams + g);
        }
    }

    final Map<String, Sum> teamWindows = new TreeMap<>();
    final Map<String, Sum> modelWindows = new TreeMap<>();
    double ledgerJoules;
    double ledgerGrams;

    ReferenceAccounting(List<Pod> pods, List<Node> nodes, List<Intensity> intensity, List<Sample> samples,
                        long windowMillis, double defaultIntensity, double defaultPue) {
        Map<String, Pod> podsById = new HashMap<>();
        pods.forEach(p -> podsById.put(p.pod(), p));
        Map<String, Node> nodesByName = new HashMap<>();
        nodes.forEach(n -> nodesByName.put(n.node(), n));
        Map<String, long[]> lastTs = new HashMap<>();
        Map<String, double[]> lastCounter = new HashMap<>();
        for (Sample s : samples) {
            String series = s.pod() + "/" + s.component();
            if (!lastTs.containsKey(series)) {
                lastTs.put(series, new long[] {s.ts()});
                lastCounter.put(series, new double[] {s.joules()});
                continue;
            }
            long t0 = lastTs.get(series)[0];
            double c0 = lastCounter.get(series)[0];
            if (s.ts() <= t0) {
                continue;
            }
            double energy = s.joules() >= c0 ? s.joules() - c0 : s.joules();
            lastTs.get(series)[0] = s.ts();
            lastCounter.get(series)[0] = s.joules();

            Node node = nodesByName.get(s.node());
            String zone = node == null ? "unknown" : node.zone();
            double pue = node == null || node.pue() == null ? defaultPue : node.pue();
            Pod pod = podsById.get(s.pod());
            String team = pod == null || pod.team() == null ? "unattributed" : pod.team();
            String model = pod == null || pod.model() == null ? "unattributed" : pod.model();

            TreeSet<Long> cuts = new TreeSet<>();
            cuts.add(t0);
            cuts.add(s.ts());
            for (long w = (t0 / windowMillis + 1) * windowMillis; w < s.ts(); w += windowMillis) {
                cuts.add(w);
            }
            for (Intensity i : intensity) {
                if (i.zone().equals(zone) && i.from() > t0 && i.from() < s.ts()) {
                    cuts.add(i.from());
                }
            }
            List<Long> points = new ArrayList<>(cuts);
            for (int k = 0; k + 1 < points.size(); k++) {
                long a = points.get(k);
                long b = points.get(k + 1);
                double joules = energy * (b - a) / (s.ts() - t0);
                double grams = joules / 3.6e6 * pue * intensityAt(intensity, zone, a, defaultIntensity);
                long ws = (a / windowMillis) * windowMillis;
                teamWindows.merge(team + "@" + ws, new Sum(joules, grams), (x, y) -> x.plus(y.joules(), y.grams()));
                modelWindows.merge(model + "@" + ws, new Sum(joules, grams), (x, y) -> x.plus(y.joules(), y.grams()));
                ledgerJoules += joules;
                ledgerGrams += grams;
            }
        }
    }

    /** Greatest from <= t; for equal froms the later record in arrival order wins. */
    private static double intensityAt(List<Intensity> records, String zone, long t, double defaultIntensity) {
        Long bestFrom = null;
        double value = defaultIntensity;
        for (Intensity i : records) {
            if (i.zone().equals(zone) && i.from() <= t && (bestFrom == null || i.from() >= bestFrom)) {
                bestFrom = i.from();
                value = i.value();
            }
        }
        return value;
    }
}
