package dev.carbonledger.collectors.source.demo;

import java.util.Map;

/**
 * One simulated deployment: who owns it, what it runs, how many replicas, how much power each replica draws
 * per component (watts, mean) and how long its pods live.
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
        int maxLifetimeMinutes) {

    boolean needsGpu() {
        return watts.containsKey("gpu");
    }
}
