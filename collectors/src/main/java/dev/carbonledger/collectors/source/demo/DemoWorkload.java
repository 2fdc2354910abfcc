package dev.carbonledger.collectors.source.demo;

import java.util.Map;

/**
 * One simulated deployment: who owns it, what it runs, how many replicas, how much power each replica draws
 * per component (watts, mean), how long its pods live and, for serving models, how many requests a replica
 * answers per second at mean load ({@code requestsPerSecond}, 0 for work that serves no requests).
 */
record DemoWorkload(
        String name,
        String namespace,
        String team,
        String model,
        String workloadClass,
        int replicas,
        Map<String, Double> watts,
        int minLifetimeMinutes,
        int maxLifetimeMinutes,
        double requestsPerSecond) {

    DemoWorkload(String name, String namespace, String team, String model, String workloadClass, int replicas,
                 Map<String, Double> watts, int minLifetimeMinutes, int maxLifetimeMinutes) {
        this(name, namespace, team, model, workloadClass, replicas, watts, minLifetimeMinutes, maxLifetimeMinutes, 0);
    }

    boolean servesRequests() {
        return requestsPerSecond > 0 && model != null;
    }

    boolean needsGpu() {
        return watts.containsKey("gpu");
    }
}
