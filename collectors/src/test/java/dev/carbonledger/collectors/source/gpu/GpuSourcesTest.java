package dev.carbonledger.collectors.source.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.collectors.TestHttpServer;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuSourcesTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String TRAINER_UID = "e3c4a9d2-8b1f-4c6e-a7d5-f2b9c0e1d3a4";
    private static final String SERVER_UID = "5b0e1c7a-2f7d-4a51-9a43-0d1f3e6b8c21";

    @TempDir
    Path proc;
    private final MutableClock clock = new MutableClock(T0);

    @Test
    void shouldIntegrateNvidiaSmiPowerAndSplitItByGpuMemoryPerPod() throws IOException {
        // Given two pods on GPU 0 (3 GB and 1 GB), a host process on it, nothing on GPU 1
        writeCgroup("41872", "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + TRAINER_UID.replace('-', '_') + ".slice/cri-containerd-aa11.scope");
        writeCgroup("41990", "0::/kubepods.slice/kubepods-pod" + SERVER_UID.replace('-', '_')
                + ".slice/cri-containerd-bb22.scope");
        writeCgroup("777", "0::/system.slice/nvidia-persistenced.service");
        List<List<String>> commands = new ArrayList<>();
        String[] gpuOutput = {TestHttpServer.resource("/gpu/query-gpu-t0.csv")};
        CommandRunner recorded = command -> {
            commands.add(command);
            return command.get(1).startsWith("--query-gpu")
                    ? gpuOutput[0] : TestHttpServer.resource("/gpu/query-compute-apps.csv");
        };
        NvidiaSmiSource source = new NvidiaSmiSource(recorded, "nvidia-smi", proc, "worker-1", clock);

        // When GPU 0 goes from 100 W to 200 W and GPU 1 stays at 60 W over 10 s
        List<EnergySample> baseline = source.poll();
        clock.advance(Duration.ofSeconds(10));
        gpuOutput[0] = TestHttpServer.resource("/gpu/query-gpu-t1.csv");
        List<EnergySample> after = source.poll();

        // Then GPU 0's 1500 J are split 3:1 (the host process is no pod), GPU 1's 600 J go to the system series
        assertThat(baseline).extracting(EnergySample::getEnergyJoules).containsOnly(0.0);
        assertThat(after).extracting(EnergySample::getPodUid, EnergySample::getEnergyJoules).containsExactlyInAnyOrder(
                tuple(TRAINER_UID, 1125.0), tuple(SERVER_UID, 375.0), tuple("system_processes@worker-1", 600.0));
        assertThat(after).allSatisfy(s -> {
            assertThat(s.getComponent()).isEqualTo("gpu");
            assertThat(s.getTimestamp()).isEqualTo(T0.plusSeconds(10));
        });
        assertThat(commands.get(0)).containsExactly("nvidia-smi", "--query-gpu=index,uuid,power.draw",
                "--format=csv,noheader,nounits");
    }

    @Test
    void shouldRejectUnexpectedNvidiaSmiOutput() {
        NvidiaSmiSource source = new NvidiaSmiSource(command -> "NVIDIA-SMI has failed\n", "nvidia-smi", proc,
                "worker-1", clock);

        assertThatThrownBy(source::poll).isInstanceOf(IOException.class).hasMessageContaining("NVIDIA-SMI has failed");
    }

    @Test
    void shouldTakeTheFirstDcgmReadingAsBaselineAndConvertMillijoules() throws IOException {
        try (TestHttpServer server = new TestHttpServer()) {
            server.respondWithResource("/metrics", "text/plain", "/gpu/dcgm-exporter-t0.txt");
            DcgmExporterSource source = new DcgmExporterSource(HttpText.withTimeout(Duration.ofSeconds(5)),
                    server.uri("/metrics"), "worker-1",
                    (ns, name) -> name.equals("trainer-0") ? Optional.of(TRAINER_UID) : Optional.empty(), clock);

            List<EnergySample> first = source.poll();
            server.respondWithResource("/metrics", "text/plain", "/gpu/dcgm-exporter-t1.txt");
            clock.advance(Duration.ofSeconds(5));
            List<EnergySample> second = source.poll();

            assertThat(first).extracting(EnergySample::getPodUid, EnergySample::getEnergyJoules)
                    .containsExactly(tuple(TRAINER_UID, 0.0), tuple("system_processes@worker-1", 0.0));
            assertThat(second).extracting(EnergySample::getPodUid, EnergySample::getEnergyJoules)
                    .containsExactly(tuple(TRAINER_UID, 1000.0), tuple("system_processes@worker-1", 300.0));
        }
    }

    @Test
    void shouldFallBackToNamespaceAndNameForUnknownDcgmPods() throws IOException {
        try (TestHttpServer server = new TestHttpServer()) {
            server.respondWithResource("/metrics", "text/plain", "/gpu/dcgm-exporter-t0.txt");
            DcgmExporterSource source = new DcgmExporterSource(HttpText.withTimeout(Duration.ofSeconds(5)),
                    server.uri("/metrics"), "worker-1", PodUidResolver.none(), clock);

            assertThat(source.poll()).extracting(EnergySample::getPodUid).contains("ml/trainer-0");
        }
    }

    private void writeCgroup(String pid, String line) throws IOException {
        Files.createDirectories(proc.resolve(pid));
        Files.writeString(proc.resolve(pid).resolve("cgroup"), line + "\n");
    }
}
