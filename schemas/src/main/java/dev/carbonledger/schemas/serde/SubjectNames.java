package dev.carbonledger.schemas.serde;

/** Confluent's default TopicNameStrategy: subject {@code <topic>-value} for values, {@code <topic>-key} for keys. */
public final class SubjectNames {
    private SubjectNames() {}

    public static String value(String topic) {
        return topic + "-value";
    }

    public static String key(String topic) {
        return topic + "-key";
    }

    public static String of(String topic, boolean isKey) {
        return isKey ? key(topic) : value(topic);
    }
}
