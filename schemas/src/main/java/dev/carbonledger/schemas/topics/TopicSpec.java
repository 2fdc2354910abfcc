package dev.carbonledger.schemas.topics;

/** How a project topic is created: its name, partitions and whether it is compacted. */
public record TopicSpec(String name, int partitions, boolean compacted, String description) {}
