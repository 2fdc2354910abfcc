package dev.carbonledger.collectors.source;

import dev.carbonledger.avro.NodeInfo;
import java.util.List;
import java.util.Objects;

/** Publishes this node's zone and PUE as configured (a DaemonSet knows where its node is from its settings). */
public final class StaticNodeInfoSource implements NodeInfoSource {
    private final List<NodeInfo> nodes;

    public StaticNodeInfoSource(NodeInfo node) {
        this.nodes = List.of(Objects.requireNonNull(node, "node"));
    }

    @Override
    public String name() {
        return "static-node";
    }

    @Override
    public List<NodeInfo> nodes() {
        return nodes;
    }
}
