package dev.carbonledger.sinks.alertmanager;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts currently firing, by fingerprint, each with the partition its latest event came from (so that a
 * revoked partition's alerts can be dropped). A RESOLVED event removes its alert. Not thread-safe: owned by the
 * forwarder's thread.
 */
final class FiringSet {
    private record Entry(AlertEvent event, int partition) {}

    private final Map<String, Entry> firing = new LinkedHashMap<>();

    void apply(AlertEvent event, int partition) {
        if (event.getStatus() == AlertStatus.FIRING) {
            firing.put(event.getFingerprint(), new Entry(event, partition));
        } else {
            firing.remove(event.getFingerprint());
        }
    }

    void dropPartitions(Collection<Integer> partitions) {
        firing.values().removeIf(e -> partitions.contains(e.partition()));
    }

    List<AlertEvent> alerts() {
        List<AlertEvent> out = new ArrayList<>(firing.size());
        firing.values().forEach(e -> out.add(e.event()));
        return out;
    }

    int size() {
        return firing.size();
    }
}
