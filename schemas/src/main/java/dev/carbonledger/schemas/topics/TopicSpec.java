package dev.carbonledger.schemas.topics;

/**
 * How a project topic is created: its name, partitions, whether it is compacted, and whether its records are kept
 * forever (no time-based retention: an audit trail).
 */
public record TopicSpec(String name, int partitions, boolean compacted, boolean keepForever, String description) {
    public TopicSpec(String name, int partitions, boolean compacted, String description) {
        this(name, partitions, compacted, false, description);
    }
}
