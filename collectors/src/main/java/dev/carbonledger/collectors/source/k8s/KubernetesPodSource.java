package dev.carbonledger.collectors.source.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.source.PodMetadataSource;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.http.JsonFetch;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod metadata of this node from the Kubernetes API: {@code GET /api/v1/pods?fieldSelector=spec.nodeName=<node>}
 * with the service account's bearer token (re-read at every poll, as projected tokens rotate) and the
 * cluster CA. Team, model and workload class come from the first present of configurable label keys
 * (defaults: {@value #DEFAULT_TEAM_LABEL} then {@code team}; {@value #DEFAULT_MODEL_LABEL} then {@code model};
 * {@value #DEFAULT_WORKLOAD_CLASS_LABEL}); a pod without them is left unattributed. All pod labels are kept.
 * Also the {@link PodUidResolver} of the sources that only see pod names, from the latest listing; a name it
 * does not know (a pod that started since) triggers a new listing, at most once per {@link #RELIST_AFTER}.
 * The RBAC needed is {@code get,list} on {@code pods} ({@code watch} too with {@link #watching()}).
 */
public final class KubernetesPodSource implements PodMetadataSource, PodUidResolver {
    public static final String DEFAULT_TEAM_LABEL = "carbon-ledger.dev/team";
    public static final String DEFAULT_MODEL_LABEL = "carbon-ledger.dev/model";
    public static final String DEFAULT_WORKLOAD_CLASS_LABEL = "carbon-ledger.dev/workload-class";
    /** Minimum time between two listings triggered by unknown pod names. */
    public static final Duration RELIST_AFTER = Duration.ofSeconds(5);
    private static final Logger LOGGER = LoggerFactory.getLogger(KubernetesPodSource.class);

    private final HttpText http;
    private final URI apiUrl;
    private final Path tokenFile;
    private final String node;
    private final List<String> teamLabels;
    private final List<String> modelLabels;
    private final List<String> workloadClassLabels;
    private final Map<String, String> uids = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant lastListing = Instant.MIN;
    private PodWatch watch;

    public KubernetesPodSource(HttpText http, URI apiUrl, Path tokenFile, String node, List<String> teamLabels,
            List<String> modelLabels, List<String> workloadClassLabels) {
        this(http, apiUrl, tokenFile, node, teamLabels, modelLabels, workloadClassLabels, Clock.systemUTC());
    }

    /** As above, with the clock that spaces listings triggered by unknown names. */
    public KubernetesPodSource(HttpText http, URI apiUrl, Path tokenFile, String node, List<String> teamLabels,
            List<String> modelLabels, List<String> workloadClassLabels, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = Objects.requireNonNull(http, "http");
        this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
        this.tokenFile = tokenFile;
        this.node = Objects.requireNonNull(node, "node");
        this.teamLabels = List.copyOf(teamLabels);
        this.modelLabels = List.copyOf(modelLabels);
        this.workloadClassLabels = List.copyOf(workloadClassLabels);
    }

    /** An HTTP client trusting the PEM certificates in {@code caFile} (the service account's ca.crt). */
    public static HttpText httpTrusting(Path caFile, Duration timeout) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException("no certificate in " + caFile);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return new HttpText(HttpClient.newBuilder().sslContext(ssl).connectTimeout(timeout).build(), timeout);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the CA certificate " + caFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /**
     * Keep the pods current with a watch (list, then {@code watch=1} from the listing's resourceVersion, relist on
     * 410 Gone) instead of a list at every poll; {@link #pods()} then answers from memory. RBAC: {@code watch} too.
     */
    public KubernetesPodSource watching() {
        this.watch = new PodWatch(this, http);
        return this;
    }

    @Override
    public List<PodMetadata> pods() throws IOException {
        if (watch != null) {
            List<PodMetadata> pods = watch.pods();
            remember(pods);
            return pods;
        }
        List<PodMetadata> pods = list().pods();
        remember(pods);
        return pods;
    }

    /** One listing of this node's pods and the resourceVersion to watch from. */
    record Listing(List<PodMetadata> pods, String resourceVersion) {}

    Listing list() throws IOException {
        lastListing = clock.instant();
        URI uri = HttpText.join(apiUrl, "/api/v1/pods?fieldSelector=" + selector());
        JsonNode root = new JsonFetch(http, "kubernetes").get(uri, headers());
        if (!"PodList".equals(root.path("kind").asText()) && !root.path("items").isArray()) {
            throw new IOException("the Kubernetes API returned no PodList: kind=" + root.path("kind").asText());
        }
        List<PodMetadata> pods = new ArrayList<>();
        for (JsonNode item : root.path("items")) {
            pods.add(pod(item));
        }
        return new Listing(pods, root.path("metadata").path("resourceVersion").asText(""));
    }

    /** The watch URL from {@code resourceVersion}; the server ends it after {@code timeoutSeconds}. */
    URI watchUri(String resourceVersion, long timeoutSeconds) {
        return HttpText.join(apiUrl, "/api/v1/pods?fieldSelector=" + selector() + "&watch=1&allowWatchBookmarks=true"
                + "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8)
                + "&timeoutSeconds=" + timeoutSeconds);
    }

    /** Request headers, with the service account token read now (projected tokens rotate). */
    Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (tokenFile != null && Files.isRegularFile(tokenFile)) {
            headers.put("Authorization", "Bearer " + Files.readString(tokenFile).strip());
        }
        return headers;
    }

    private String selector() {
        return URLEncoder.encode("spec.nodeName=" + node, StandardCharsets.UTF_8);
    }

    private void remember(List<PodMetadata> pods) {
        Map<String, String> listed = new LinkedHashMap<>();
        for (PodMetadata pod : pods) {
            listed.put(key(pod.getNamespace(), pod.getName()), pod.getPodUid());
        }
        uids.keySet().retainAll(listed.keySet());
        uids.putAll(listed);
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }

    @Override
    public Optional<String> uidOf(String namespace, String name) {
        String uid = uids.get(key(namespace, name));
        if (uid == null && watch != null) {
            uid = watch.uidOf(namespace, name).orElse(null);
        } else if (uid == null && !clock.instant().isBefore(lastListing.plus(RELIST_AFTER))) {
            try {
                pods();
                uid = uids.get(key(namespace, name));
            } catch (IOException e) {
                LOGGER.warn("event=pod_relist_failed namespace={} pod={} reason={}", namespace, name, e.toString());
            }
        }
        return Optional.ofNullable(uid);
    }

    PodMetadata pod(JsonNode item) throws IOException {
        JsonNode metadata = item.path("metadata");
        String uid = metadata.path("uid").asText("");
        if (uid.isEmpty()) {
            throw new IOException("a pod in the Kubernetes API response has no metadata.uid");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        metadata.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String scheduledOn = item.path("spec").path("nodeName").asText("");
        return PodMetadata.newBuilder().setPodUid(uid).setNamespace(metadata.path("namespace").asText(""))
                .setName(metadata.path("name").asText("")).setNode(scheduledOn.isEmpty() ? null : scheduledOn)
                .setTeam(first(labels, teamLabels)).setModel(first(labels, modelLabels))
                .setWorkloadClass(first(labels, workloadClassLabels)).setLabels(new LinkedHashMap<>(labels)).build();
    }

    private static String first(Map<String, String> labels, List<String> keys) {
        for (String key : keys) {
            String value = labels.get(key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
