package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.PolicyDecision;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job decisions of the policy topic: the latest record per {@code job:<id>} subject (the topic is compacted by
 * subject; a tombstone deletes), kept when its validFrom (the submission time) lies in the range.
 */
final class JobDecisions {
    private final ReportRange range;
    private final Map<String, PolicyDecision> latest = new LinkedHashMap<>();

    JobDecisions(ReportRange range) {
        this.range = range;
    }

    /** A policy record (null value: a tombstone); call in arrival order. */
    void record(String key, PolicyDecision d) {
        if (d == null) {
            if (key != null) {
                latest.remove(key);
            }
            return;
        }
        if (JobDecision.isJob(d.getSubject())) {
            latest.put(d.getSubject(), d);
        }
    }

    /** The jobs submitted in the range, by submission time then id. */
    List<JobDecision> inRange() {
        return latest.values().stream()
                .filter(d -> range.contains(d.getValidFrom()))
                .map(JobDecision::of)
                .sorted(Comparator.comparing(JobDecision::submittedAt).thenComparing(JobDecision::jobId))
                .toList();
    }
}
