package dev.carbonledger.collectors.source.rapl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplPowercapSourceTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String POD_GUARANTEED = "5b0e1c7a-2f7d-4a51-9a43-0d1f3e6b8c21";
    private static final String POD_BURSTABLE = "e3c4a9d2-8b1f-4c6e-a7d5-f2b9c0e1d3a4";
    private static final String POD_BESTEFFORT = "0a1b2c3d-0000-4000-8000-000000000003";
    private static final String SYSTEM = "system_processes@worker-1";

    @TempDir
    Path sys;
    private Path powercap;
    private Path cgroup;
    private final MutableClock clock = new MutableClock(T0);
    private RaplPowercapSource source;

    @BeforeEach
    void copyFixtureTree() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/rapl/sys").toURI());
        try (Stream<Path> tree = Files.walk(fixture)) {
            tree.forEach(p -> copy(p, sys.resolve(fixture.relativize(p).toString())));
        }
        powercap = sys.resolve("class/powercap");
        cgroup = sys.resolve("fs/cgroup");
        source = new RaplPowercapSource(powercap, cgroup, "worker-1", clock);
    }

    @Test
    void shouldStartEveryPodAtZeroAndFindPodsOfBothQosLayouts() throws IOException {
        List<EnergySample> baseline = source.poll();

        assertThat(baseline).extracting(EnergySample::getPodUid).containsOnly(POD_GUARANTEED, POD_BURSTABLE,
                POD_BESTEFFORT, SYSTEM);
        assertThat(baseline).extracting(EnergySample::getComponent).containsOnly("package", "dram");
        assertThat(baseline).allSatisfy(s -> {
            assertThat(s.getEnergyJoules()).isZero();
            assertThat(s.getSource()).isEqualTo("rapl");
            assertThat(s.getNode()).isEqualTo("worker-1");
        });
    }

    @Test
    void shouldAttributeEnergyByCpuShareAndConserveItAcrossAWraparound() throws IOException {
        // Given a baseline
        source.poll();
        // When package-0 uses 50 J, package-1 wraps round (1.32885 J), dram uses 10 J, and of 10 s of node CPU
        // time the guaranteed pod used 4 s and the burstable one 1 s
        write("class/powercap/intel-rapl:0/energy_uj", 1_050_000_000L);
        write("class/powercap/intel-rapl:1/energy_uj", 1_000_000L);
        write("class/powercap/intel-rapl:0:0/energy_uj", 210_000_000L);
        cpu("fs/cgroup", 910_000_000L);
        cpu("fs/cgroup/kubepods.slice/kubepods-pod5b0e1c7a_2f7d_4a51_9a43_0d1f3e6b8c21.slice", 44_000_000L);
        cpu("fs/cgroup/kubepods.slice/kubepods-burstable.slice/"
                + "kubepods-burstable-pode3c4a9d2_8b1f_4c6e_a7d5_f2b9c0e1d3a4.slice", 11_000_000L);
        clock.advance(Duration.ofSeconds(5));
        Map<String, Map<String, Double>> joules = byPodAndComponent(source.poll());

        // Then
        double packageJoules = 50 + 1.32885;
        assertThat(joules.get(POD_GUARANTEED).get("package")).isCloseTo(0.4 * packageJoules, within(1e-9));
        assertThat(joules.get(POD_BURSTABLE).get("package")).isCloseTo(0.1 * packageJoules, within(1e-9));
        assertThat(joules.get(POD_BESTEFFORT).get("package")).isZero();
        assertThat(joules.get(SYSTEM).get("package")).isCloseTo(0.5 * packageJoules, within(1e-9));
        assertThat(joules.get(POD_GUARANTEED).get("dram")).isCloseTo(4.0, within(1e-9));
        for (String component : List.of("package", "dram")) {
            double sum = joules.values().stream().mapToDouble(m -> m.get(component)).sum();
            assertThat(sum).as("conservation of %s", component)
                    .isCloseTo(component.equals("package") ? packageJoules : 10.0, within(1e-9));
        }
    }

    @Test
    void shouldForgetAPodWhoseCgroupIsGone() throws IOException {
        source.poll();
        deleteTree(cgroup.resolve("kubepods.slice/kubepods-besteffort.slice"));

        assertThat(source.poll()).extracting(EnergySample::getPodUid).doesNotContain(POD_BESTEFFORT).contains(SYSTEM);
    }

    @Test
    void shouldExplainAMissingPowercapTree() {
        RaplPowercapSource missing = new RaplPowercapSource(sys.resolve("nope"), cgroup, "worker-1", clock);

        assertThatThrownBy(missing::poll).isInstanceOf(IOException.class).hasMessageContaining("no RAPL zone");
    }

    private static Map<String, Map<String, Double>> byPodAndComponent(List<EnergySample> samples) {
        return samples.stream().collect(Collectors.groupingBy(s -> s.getPodUid().toString(),
                Collectors.toMap(s -> s.getComponent().toString(), EnergySample::getEnergyJoules)));
    }

    private void write(String relative, long value) throws IOException {
        Files.writeString(sys.resolve(relative), value + "\n");
    }

    private void cpu(String cgroupDir, long usageMicros) throws IOException {
        Files.writeString(sys.resolve(cgroupDir).resolve("cpu.stat"),
                "usage_usec " + usageMicros + "\nuser_usec " + usageMicros + "\nsystem_usec 0\n");
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
            } else {
                Files.copy(from, to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
