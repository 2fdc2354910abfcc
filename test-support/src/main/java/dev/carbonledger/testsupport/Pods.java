package dev.carbonledger.testsupport;

import dev.carbonledger.avro.PodMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link PodMetadata} for tests: {@code aPod("uid").team("t").model("m").build()}.
 * Defaults: namespace {@code default}, name {@code pod-<uid>}, no node, team, model or workload class.
 */
public final class Pods {

    private final String podUid;
    private String namespace = "default";
    private String name;
    private String node;
    private String team;
    private String model;
    private String workloadClass;
    private final Map<String, String> labels = new LinkedHashMap<>();

    private Pods(String podUid) {
        this.podUid = podUid;
        this.name = "pod-" + podUid;
    }

    public static Pods aPod(String podUid) {
        return new Pods(podUid);
    }

    public Pods namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    public Pods name(String name) {
        this.name = name;
        return this;
    }

    public Pods node(String node) {
        this.node = node;
        return this;
    }

    public Pods team(String team) {
        this.team = team;
        return this;
    }

    public Pods model(String model) {
        this.model = model;
        return this;
    }

    public Pods workloadClass(String workloadClass) {
        this.workloadClass = workloadClass;
        return this;
    }

    public Pods label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public PodMetadata build() {
        return PodMetadata.newBuilder()
                .setPodUid(podUid)
                .setNamespace(namespace)
                .setName(name)
                .setNode(node)
                .setTeam(team)
                .setModel(model)
                .setWorkloadClass(workloadClass)
                .setLabels(new LinkedHashMap<>(labels))
                .build();
    }
}
