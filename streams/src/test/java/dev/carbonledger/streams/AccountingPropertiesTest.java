package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import dev.carbonledger.streams.ReferenceAccounting.Intensity;
import dev.carbonledger.streams.ReferenceAccounting.Node;
import dev.carbonledger.streams.ReferenceAccounting.Pod;
import dev.carbonledger.streams.ReferenceAccounting.Sample;
import dev.carbonledger.streams.testing.Harness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random scenarios with counter resets, duplicates, reordering, gaps, unknown nodes, pods without metadata, team
 * or model, and forecasts superseded by actuals: the topology must give the same (team, window) and
 * (model, window) values as {@link ReferenceAccounting}, and conserve energy and emissions.
 */
class AccountingPropertiesTest {
    private static final long BASE = Instant.parse("2026-05-01T10:00:00Z").toEpochMilli();
    private static final double DEFAULT_INTENSITY = 475;

    record Scenario(long windowMillis, List<Pod> pods, List<Node> nodes, List<Intensity> intensity,
                    List<Sample> samples, List<Integer> flushPoints) {}

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 80)
    void shouldMatchReferenceAndConserveEnergy(@ForAll("seeds") long seed) {
        Scenario s = scenario(new Random(seed));
        ReferenceAccounting ref = new ReferenceAccounting(s.pods(), s.nodes(), s.intensity(), s.samples(),
                s.windowMillis(), DEFAULT_INTENSITY, 1.0);

        AccountingOptions options = AccountingOptions.builder().window(Duration.ofMillis(s.windowMillis()))
                .grace(AccountingOptions.NEVER).seriesIdleExpiry(AccountingOptions.NEVER).build();
        try (Harness h = new Harness(options)) {
            s.pods().forEach(p -> h.pod(p.pod(), p.namespace(), p.team(), p.model()));
            s.nodes().forEach(n -> h.node(n.node(), n.zone(), n.pue()));
            s.intensity().forEach(i -> h.intensity(i.zone(), Instant.ofEpochMilli(i.from()), i.value(), false));
            for (int k = 0; k < s.samples().size(); k++) {
                Sample x = s.samples().get(k);
                h.sample(x.pod(), x.component(), x.node(), Instant.ofEpochMilli(x.ts()), x.joules());
                if (s.flushPoints().contains(k)) {
                    h.flush();
                }
            }
            h.flush();

            Map<String, EmissionsWindow> team = Harness.last(h.teamWindows);
            Map<String, EmissionsWindow> model = Harness.last(h.modelWindows);
            assertMatches(team, ref.teamWindows);
            assertMatches(model, ref.modelWindows);

            List<LedgerEntry> ledger = h.ledgerEntries();
            double ledgerJoules = ledger.stream().mapToDouble(LedgerEntry::getEnergyJoules).sum();
            double ledgerGrams = ledger.stream().mapToDouble(LedgerEntry::getCo2eGrams).sum();
            double pieceJoules = ledger.stream().flatMap(e -> e.getPieces().stream()).mapToDouble(LedgerPiece::getEnergyJoules).sum();
            assertClose(pieceJoules, ledgerJoules, "pieces vs ledger joules");
            assertClose(sum(team, true), ledgerJoules, "team windows vs ledger joules");
            assertClose(sum(model, true), ledgerJoules, "model windows vs ledger joules");
            assertClose(sum(team, false), ledgerGrams, "team windows vs ledger grams");
            assertClose(sum(model, false), ledgerGrams, "model windows vs ledger grams");
            assertClose(ledgerJoules, ref.ledgerJoules, "ledger vs reference joules");
            assertClose(ledgerGrams, ref.ledgerGrams, "ledger vs reference grams");
        }
    }

    private static double sum(Map<String, EmissionsWindow> windows, boolean joules) {
        return windows.values().stream().mapToDouble(w -> joules ? w.getEnergyJoules() : w.getCo2eGrams()).sum();
    }

    private static void assertMatches(Map<String, EmissionsWindow> actual, Map<String, ReferenceAccounting.Sum> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, sum) -> {
            assertClose(actual.get(key).getEnergyJoules(), sum.joules(), key + " joules");
            assertClose(actual.get(key).getCo2eGrams(), sum.grams(), key + " grams");
        });
    }

    private static void assertClose(double actual, double expected, String what) {
        double tolerance = 1e-9 * Math.max(1.0, Math.abs(expected));
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs " + expected).isLessThanOrEqualTo(tolerance);
    }

    static Scenario scenario(Random r) {
        long window = r.nextBoolean() ? 10_000 : 60_000;
        List<Pod> pods = List.of(new Pod("p0", "ns0", "alpha", "m1"), new Pod("p1", "ns1", "beta", null),
                new Pod("p2", "ns1", null, "m2"), new Pod("p4", "ns0", "alpha", "m2"));
        List<Node> nodes = List.of(new Node("n1", "z1", 1.2), new Node("n2", "z2", null));
        String[] sampleNodes = {"n1", "n2", "n3"};   // n3 is unknown
        String[] podIds = {"p0", "p1", "p2", "p3", "p4"};   // p3 has no metadata
        String[] components = {"package", "dram"};

        List<Intensity> intensity = new ArrayList<>();
        int records = r.nextInt(7);
        for (int i = 0; i < records; i++) {
            String zone = r.nextBoolean() ? "z1" : "z2";
            long from = BASE - 100_000 + (long) r.nextInt(700_000);
            if (r.nextBoolean()) {
                from = from - from % 1000;
            }
            intensity.add(new Intensity(zone, from, r.nextInt(900)));
            if (r.nextInt(4) == 0) {   // an actual superseding a forecast for the same from
                intensity.add(new Intensity(zone, from, r.nextInt(900)));
            }
        }

        List<List<Sample>> series = new ArrayList<>();
        for (String pod : podIds) {
            for (String component : components) {
                if (r.nextInt(4) == 0) {
                    continue;
                }
                String node = sampleNodes[r.nextInt(sampleNodes.length)];
                List<Sample> list = new ArrayList<>();
                long t = BASE + r.nextInt(30_000);
                double counter = r.nextInt(10_000);
                int n = 1 + r.nextInt(8);
                for (int k = 0; k < n; k++) {
                    list.add(new Sample(pod, component, node, t, counter));
                    t += r.nextInt(10) == 0 ? 1 + r.nextInt(200_000) : 1 + r.nextInt(15_000);   // gaps
                    counter = r.nextInt(10) == 0 ? r.nextInt(500) : counter + r.nextInt(5_000) + r.nextDouble();   // resets
                }
                series.add(list);
            }
        }
        List<Sample> arrivals = new ArrayList<>();
        List<Integer> cursors = new ArrayList<>(series.stream().map(x -> 0).toList());
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < series.size(); i++) {
                if (cursors.get(i) < series.get(i).size()) {
                    open.add(i);
                }
            }
            if (open.isEmpty()) {
                break;
            }
            int i = open.get(r.nextInt(open.size()));
            arrivals.add(series.get(i).get(cursors.get(i)));
            cursors.set(i, cursors.get(i) + 1);
        }
        int extras = arrivals.isEmpty() ? 0 : r.nextInt(4);
        for (int k = 0; k < extras; k++) {   // duplicates, re-delivered later
            Sample dup = arrivals.get(r.nextInt(arrivals.size()));
            arrivals.add(Math.min(arrivals.size(), r.nextInt(arrivals.size() + 1)), dup);
        }
        int swaps = r.nextInt(4);
        for (int k = 0; k < swaps && arrivals.size() > 1; k++) {   // out-of-order delivery
            int i = r.nextInt(arrivals.size() - 1);
            Sample a = arrivals.get(i);
            arrivals.set(i, arrivals.get(i + 1));
            arrivals.set(i + 1, a);
        }
        List<Integer> flushes = new ArrayList<>();
        for (int k = 0; k < arrivals.size(); k++) {
            if (r.nextInt(5) == 0) {
                flushes.add(k);
            }
        }
        return new Scenario(window, pods, nodes, intensity, arrivals, flushes);
    }
}
