package dev.carbonledger.collectors.source.demo;

import java.util.List;
import java.util.Map;

/** The simulated fleet's fixed shape: zones, nodes and workloads. Teams and models are invented. */
final class DemoCatalog {
    private DemoCatalog() {}

    /** A grid zone with a diurnal intensity profile: mean ± amplitude, peaking at {@code peakHourUtc}. */
    record Zone(String name, double meanGrams, double amplitudeGrams, double peakHourUtc, double noiseGrams) {}

    record Node(String name, String zone, double pue, boolean gpu, double embodiedGramsPerHour, String instanceType) {}

    static final List<Zone> ZONES = List.of(
            new Zone(DemoFleet.CLEAN_ZONE, 110, 55, 19.0, 8),
            new Zone(DemoFleet.DIRTY_ZONE, 520, 120, 18.0, 20));

    static final List<Node> NODES = List.of(
            new Node("demo-north-gpu-1", DemoFleet.CLEAN_ZONE, 1.10, true, 28.0, "demo.gpu.a10"),
            new Node("demo-north-cpu-1", DemoFleet.CLEAN_ZONE, 1.12, false, 9.0, "demo.cpu.16xl"),
            new Node("demo-south-gpu-1", DemoFleet.DIRTY_ZONE, 1.45, true, 28.0, "demo.gpu.a10"),
            new Node("demo-south-cpu-1", DemoFleet.DIRTY_ZONE, 1.50, false, 9.0, "demo.cpu.16xl"));

    static final List<DemoWorkload> WORKLOADS = List.of(
            new DemoWorkload("llm-chat", "ml-serving", "search", "llama-3-8b", "inference", 2,
                    Map.of("package", 45.0, "dram", 8.0, "gpu", 180.0), 8, 20, 12),
            new DemoWorkload("query-encoder", "ml-serving", "search", "bert-large", "inference", 2,
                    Map.of("package", 30.0, "dram", 5.0), 5, 15, 150),
            new DemoWorkload("ranker-batch", "recsys", "recommendations", "xgboost-ranker", "batch", 2,
                    Map.of("package", 60.0, "dram", 10.0), 3, 10),
            new DemoWorkload("image-finetune", "research", "research", "sdxl-turbo", "training", 1,
                    Map.of("package", 70.0, "dram", 12.0, "gpu", 280.0), 10, 25),
            new DemoWorkload("asr-train", "research", "research", "whisper-small", "training", 1,
                    Map.of("package", 40.0, "dram", 6.0, "gpu", 120.0), 4, 12),
            new DemoWorkload("fraud-scoring", "payments", "payments", "fraud-gbdt", "critical", 2,
                    Map.of("package", 25.0, "dram", 4.0), 15, 30, 400),
            // Pods without a model, or without any attribution label, exercise the "unattributed" path.
            new DemoWorkload("feature-pipeline", "recsys", "recommendations", null, "batch", 1,
                    Map.of("package", 20.0), 5, 15),
            new DemoWorkload("coredns", "kube-system", null, null, null, 1,
                    Map.of("package", 4.0, "dram", 1.0), 20, 40),
            new DemoWorkload("debug-shell", "default", null, null, null, 1,
                    Map.of("package", 3.0), 2, 6));
}
