package dev.carbonledger.collectors.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's counter state on disk (a hostPath or emptyDir in a DaemonSet), one JSON document:
 * {@code {"version":1,"node","savedAt","sources":{"<source>":{"raw":{..},"totals":{..}}}}}. Written atomically
 * (a temporary file in the same directory, then a rename), so a crash mid-write leaves the previous state.
 * Bounded: a state with more than {@link #MAX_ENTRIES} entries is not written (and not read), a file larger than
 * {@link #MAX_BYTES} is not read. A missing, unreadable, corrupt or foreign (other node) file is reported once
 * with a clear warning and the collector starts fresh; it never stops the collector.
 */
public final class CounterStateFile {
    private static final Logger LOGGER = LoggerFactory.getLogger(CounterStateFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int VERSION = 1;
    /** About 40 series per pod on a 500-pod node, with room to spare. */
    public static final int MAX_ENTRIES = 200_000;
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Path path;
    private final String node;
    private final Clock clock;
    private boolean lastWriteFailed;

    public CounterStateFile(Path path, String node, Clock clock) {
        this.path = Objects.requireNonNull(path, "path");
        this.node = Objects.requireNonNull(node, "node");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path path() {
        return path;
    }

    /** The saved state per source name; empty (with a log line saying why) when there is none to use. */
    public Map<String, CounterState> load() {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                return fresh("the file is " + size + " bytes, more than the limit of " + MAX_BYTES);
            }
            JsonNode root = JSON.readTree(Files.readAllBytes(path));
            if (root == null || !root.isObject() || root.path("version").asInt() != VERSION) {
                return fresh("not a version " + VERSION + " counter state document");
            }
            String savedNode = root.path("node").asText("");
            if (!savedNode.equals(node)) {
                return fresh("it was written by node '" + savedNode + "', this is node '" + node + "'");
            }
            Map<String, CounterState> states = new LinkedHashMap<>();
            int entries = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sources").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> source = it.next();
                CounterState state = new CounterState(numbers(source.getValue().path("raw")),
                        numbers(source.getValue().path("totals")));
                entries += state.size();
                states.put(source.getKey(), state);
            }
            if (entries > MAX_ENTRIES) {
                return fresh(entries + " entries, more than the limit of " + MAX_ENTRIES);
            }
            LOGGER.info("event=counter_state_restored path={} savedAt={} sources={} entries={}", path,
                    root.path("savedAt").asText(), states.keySet(), entries);
            return states;
        } catch (NoSuchFileException e) {
            LOGGER.info("event=counter_state_absent path={} message=\"first start on this node: counters start fresh\"",
                    path);
            return Map.of();
        } catch (IOException | RuntimeException e) {
            return fresh(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Replaces the file with {@code states}. Failures are logged (once until a write succeeds again), never thrown. */
    public void save(Map<String, CounterState> states) {
        int entries = states.values().stream().mapToInt(CounterState::size).sum();
        if (entries > MAX_ENTRIES) {
            warnOnce("event=counter_state_not_saved path={} reason=\"{} entries, more than the limit of {}\"",
                    path, entries, MAX_ENTRIES);
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("node", node);
        root.put("savedAt", clock.instant().toString());
        ObjectNode sources = root.putObject("sources");
        states.forEach((name, state) -> {
            ObjectNode source = sources.putObject(name);
            ObjectNode raw = source.putObject("raw");
            state.raw().forEach(raw::put);
            ObjectNode totals = source.putObject("totals");
            state.totals().forEach(totals::put);
        });
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.write(tmp, JSON.writeValueAsBytes(root));
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            if (lastWriteFailed) {
                lastWriteFailed = false;
                LOGGER.info("event=counter_state_saved_again path={}", path);
            }
        } catch (IOException | RuntimeException e) {
            warnOnce("event=counter_state_not_saved path={} reason=\"{}\" consequence=\"a restart now would start "
                    + "counters fresh\"", path, e.toString());
        }
    }

    private void warnOnce(String message, Object... args) {
        if (!lastWriteFailed) {
            LOGGER.warn(message, args);
        }
        lastWriteFailed = true;
    }

    private Map<String, CounterState> fresh(String reason) {
        LOGGER.warn("event=counter_state_ignored path={} reason=\"{}\" consequence=\"counters start fresh; the "
                + "pipeline may read one reset per series\"", path, reason);
        return Map.of();
    }

    private static Map<String, Double> numbers(JsonNode object) {
        Map<String, Double> values = new HashMap<>();
        if (!object.isObject()) {
            throw new IllegalArgumentException("expected an object of numbers, got " + object.getNodeType());
        }
        object.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException("value of '" + e.getKey() + "' is not a number");
            }
            values.put(e.getKey(), e.getValue().doubleValue());
        });
        return values;
    }
}
