package dev.carbonledger.collectors.source.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's pods current from the Kubernetes API: one list, then a watch from the listing's
 * {@code resourceVersion} ({@code allowWatchBookmarks=true}, ended by the server after {@link #WATCH_SECONDS} and
 * resumed from the last version seen). ADDED and MODIFIED replace a pod, DELETED removes it, BOOKMARK only moves
 * the version; an ERROR event or HTTP status 410 Gone (the version is too old, compacted away) triggers a fresh
 * list. Connection failures are retried with an exponential backoff from {@link #MIN_BACKOFF} to
 * {@link #MAX_BACKOFF}, logged at the first failure and every tenth. The first {@link #pods()} lists synchronously,
 * so the collector's first poll is complete; later calls answer from memory.
 */
final class PodWatch implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PodWatch.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final long WATCH_SECONDS = 300;
    static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KubernetesPodSource source;
    private final HttpText http;
    /** Pods by uid, guarded by this. */
    private final Map<String, PodMetadata> pods = new LinkedHashMap<>();
    private String resourceVersion;
    private Thread thread;
    private Stream<String> current;
    private volatile boolean closed;

    PodWatch(KubernetesPodSource source, HttpText http) {
        this.source = source;
        this.http = http;
    }

    /** The pods as last seen; the first call lists (and fails as a list would) and starts the watch. */
    List<PodMetadata> pods() throws IOException {
        synchronized (this) {
            if (thread == null) {
                relist();
                thread = new Thread(this::run, "carbon-ledger-pod-watch");
                thread.setDaemon(true);
                thread.start();
            }
            return new ArrayList<>(pods.values());
        }
    }

    synchronized Optional<String> uidOf(String namespace, String name) {
        return pods.values().stream().filter(p -> p.getNamespace().equals(namespace) && p.getName().equals(name))
                .map(PodMetadata::getPodUid).findFirst();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        int failures = 0;
        while (!closed) {
            try {
                String version;
                synchronized (this) {
                    version = resourceVersion;
                }
                if (version == null || version.isEmpty()) {
                    relist();
                    continue;
                }
                watchFrom(version);
                backoff = MIN_BACKOFF;
                if (failures > 0) {
                    LOGGER.info("event=pod_watch_recovered failedAttempts={}", failures);
                    failures = 0;
                }
            } catch (HttpText.HttpStatusException e) {
                if (e.status() == 410) {
                    LOGGER.info("event=pod_watch_expired action=relist reason=\"{}\"", e.getMessage());
                    forgetVersion();
                    continue;
                }
                failures++;
                backoff = pause(backoff, failures, e);
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                failures++;
                backoff = pause(backoff, failures, e);
            }
        }
    }

    private void watchFrom(String version) throws IOException {
        Stream<String> lines = http.lines(source.watchUri(version, WATCH_SECONDS), source.headers(),
                Duration.ofSeconds(WATCH_SECONDS + 30));
        synchronized (this) {
            if (closed) {
                lines.close();
                return;
            }
            current = lines;
        }
        try (lines) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext() && !closed) {
                String line = it.next();
                if (!line.isBlank() && !apply(MAPPER.readTree(line))) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        } finally {
            synchronized (this) {
                current = null;
            }
        }
    }

    /** Applies one watch event; false when the watch must end (and relist). */
    private boolean apply(JsonNode event) throws IOException {
        String type = event.path("type").asText("");
        JsonNode object = event.path("object");
        String version = object.path("metadata").path("resourceVersion").asText("");
        switch (type) {
            case "ADDED", "MODIFIED" -> {
                PodMetadata pod = source.pod(object);
                synchronized (this) {
                    pods.put(pod.getPodUid(), pod);
                }
            }
            case "DELETED" -> {
                String uid = object.path("metadata").path("uid").asText("");
                synchronized (this) {
                    pods.remove(uid);
                }
            }
            case "BOOKMARK" -> { }
            case "ERROR" -> {
                int code = object.path("code").asInt(0);
                String message = object.path("message").asText("");
                if (code == 410) {
                    LOGGER.info("event=pod_watch_expired action=relist reason=\"{}\"", message);
                    forgetVersion();
                    return false;
                }
                throw new IOException("the pod watch returned an error: code=" + code + " reason="
                        + object.path("reason").asText("") + " message=" + message);
            }
            default -> {
                LOGGER.warn("event=pod_watch_unknown_event type={}", type);
                return true;
            }
        }
        synchronized (this) {
            if (!version.isEmpty()) {
                resourceVersion = version;
            }
        }
        return true;
    }

    private void relist() throws IOException {
        KubernetesPodSource.Listing listing = source.list();
        synchronized (this) {
            pods.clear();
            listing.pods().forEach(p -> pods.put(p.getPodUid(), p));
            resourceVersion = listing.resourceVersion();
        }
        LOGGER.debug("event=pod_list pods={} resourceVersion={}", listing.pods().size(), listing.resourceVersion());
    }

    private synchronized void forgetVersion() {
        resourceVersion = null;
    }

    private Duration pause(Duration backoff, int failures, Exception e) {
        if (failures == 1 || failures % 10 == 0) {
            LOGGER.warn("event=pod_watch_failed consecutiveFailures={} retryIn={} reason=\"{}\"", failures, backoff,
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
            if (current != null) {
                current.close();
            }
        }
        if (t != null) {
            t.interrupt();
        }
    }
}
