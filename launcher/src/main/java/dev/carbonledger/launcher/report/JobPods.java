package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.PodMetadata;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which pods belong to which job: the pod label {@value #JOB_LABEL} on the pods topic. Every record still on the
 * topic counts, tombstones included: a finished job's pods may have been deleted since, and a pod uid is never
 * reused. The latest value of the label wins for a pod.
 */
final class JobPods {
    static final String JOB_LABEL = "carbon-ledger.dev/job-id";

    private final Set<String> wantedJobs;
    private final Map<String, String> jobOfPod = new HashMap<>();
    private final Map<String, String> teamOfPod = new HashMap<>();

    JobPods(Collection<String> jobIds) {
        this.wantedJobs = Set.copyOf(jobIds);
    }

    void pod(PodMetadata p) {
        String job = p.getLabels() == null ? null : p.getLabels().get(JOB_LABEL);
        if (job != null && wantedJobs.contains(job)) {
            jobOfPod.put(p.getPodUid(), job);
            if (p.getTeam() != null) {
                teamOfPod.put(p.getPodUid(), p.getTeam());
            }
        } else {
            jobOfPod.remove(p.getPodUid());
        }
    }

    /** Pod uids of every wanted job. */
    Set<String> allPods() {
        return Set.copyOf(jobOfPod.keySet());
    }

    /** The job's pods, sorted. */
    Set<String> pods(String jobId) {
        Set<String> pods = new LinkedHashSet<>();
        jobOfPod.entrySet().stream().filter(e -> e.getValue().equals(jobId)).map(Map.Entry::getKey).sorted().forEach(pods::add);
        return pods;
    }

    /** The team on the job's pods' metadata, when the decision names none. */
    String team(String jobId) {
        return pods(jobId).stream().map(teamOfPod::get).filter(t -> t != null).findFirst().orElse(null);
    }
}
