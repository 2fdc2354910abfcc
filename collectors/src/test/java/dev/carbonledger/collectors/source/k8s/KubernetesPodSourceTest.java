package dev.carbonledger.collectors.source.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.collectors.TestHttpServer;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesPodSourceTest {
    @TempDir
    Path dir;
    private final TestHttpServer server = new TestHttpServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private KubernetesPodSource source(Path token) {
        return new KubernetesPodSource(HttpText.withTimeout(Duration.ofSeconds(5)), server.baseUri(), token, "worker-1",
                List.of(KubernetesPodSource.DEFAULT_TEAM_LABEL, "team"),
                List.of(KubernetesPodSource.DEFAULT_MODEL_LABEL, "model"),
                List.of(KubernetesPodSource.DEFAULT_WORKLOAD_CLASS_LABEL));
    }

    @Test
    void shouldListThisNodesPodsWithTheServiceAccountToken() throws IOException {
        server.respondWithResource("/api/v1/pods", "application/json", "/k8s/pods-worker-1.json");
        Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.sa-token\n");

        List<PodMetadata> pods = source(token).pods();

        TestHttpServer.Request request = server.requests().get(0);
        assertThat(request.uri().getRawQuery()).isEqualTo("fieldSelector=spec.nodeName%3Dworker-1");
        assertThat(request.header("Authorization")).isEqualTo("Bearer eyJhbGciOiJSUzI1NiJ9.sa-token");
        assertThat(pods).extracting(PodMetadata::getPodUid, PodMetadata::getNamespace, PodMetadata::getName,
                        PodMetadata::getTeam, PodMetadata::getModel, PodMetadata::getWorkloadClass)
                .containsExactly(
                        tuple("5b0e1c7a-2f7d-4a51-9a43-0d1f3e6b8c21", "shop", "checkout-6d5f7b9c4-x2k8p", "payments",
                                null, "critical"),
                        // the first configured key wins: carbon-ledger.dev/model before model
                        tuple("e3c4a9d2-8b1f-4c6e-a7d5-f2b9c0e1d3a4", "ml", "trainer-0", "research", "whisper-large-v3",
                                null),
                        tuple("0a1b2c3d-0000-4000-8000-000000000003", "kube-system", "coredns-5d78c9869d-8xq2w", null,
                                null, null));
        assertThat(pods).allSatisfy(p -> assertThat(p.getNode()).isEqualTo("worker-1"));
        assertThat(pods.get(0).getLabels()).containsEntry("app.kubernetes.io/name", "checkout");
    }

    @Test
    void shouldResolvePodNamesAndRelistOnAnUnknownNameAtMostEveryFewSeconds() {
        server.respondWithResource("/api/v1/pods", "application/json", "/k8s/pods-worker-1.json");
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        KubernetesPodSource source = new KubernetesPodSource(HttpText.withTimeout(Duration.ofSeconds(5)),
                server.baseUri(), null, "worker-1", List.of("team"), List.of("model"), List.of(), clock);

        // an unknown name before any listing triggers one
        assertThat(source.uidOf("ml", "trainer-0")).contains("e3c4a9d2-8b1f-4c6e-a7d5-f2b9c0e1d3a4");
        // a name the API server does not know either: no new listing within RELIST_AFTER
        assertThat(source.resolve("ml", "gone-0")).isEqualTo("ml/gone-0");
        assertThat(server.requests()).hasSize(1);
        clock.advance(KubernetesPodSource.RELIST_AFTER);
        assertThat(source.resolve("ml", "gone-0")).isEqualTo("ml/gone-0");
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void shouldReportAForbiddenListing() {
        server.respond("/api/v1/pods", 403, "application/json",
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"pods is forbidden\",\"reason\":\"Forbidden\",\"code\":403}");

        assertThatThrownBy(() -> source(null).pods()).isInstanceOf(HttpText.HttpStatusException.class)
                .hasMessageContaining("403").hasMessageContaining("pods is forbidden");
    }
}
