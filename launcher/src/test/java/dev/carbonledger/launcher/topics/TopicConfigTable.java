package dev.carbonledger.launcher.topics;

import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import dev.carbonledger.streams.AccountingTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The table of docs/operations.md ("Topics: cleanup and retention") and what the code says the same rows should be:
 * the project's topics as {@link TopicAdmin#configs} creates them, and Kafka Streams' internal topics of the
 * accounting topology (a compacted changelog per non-global store, a repartition topic per repartition operator).
 */
final class TopicConfigTable {
    static final Path DOC = Path.of("..", "docs", "operations.md");
    static final String BEGIN = "<!-- topic-configs:begin -->";
    static final String END = "<!-- topic-configs:end -->";
    /** Not set on the topic: the broker's {@code log.retention.*}. */
    static final String BROKER_DEFAULT = "broker default";
    /** Compacted only: time-based retention does not apply. */
    static final String COMPACTED_ONLY = "—";

    /** One row: the topic (default prefix, default application id), its cleanup policy, its retention cell, why. */
    record Row(String topic, String cleanupPolicy, String retention, String why) {
        /** The same row, without the reason (what the code can be compared with). */
        Row settings() {
            return new Row(topic, cleanupPolicy, retention, "");
        }
    }

    private TopicConfigTable() {}

    /** The documented rows by topic, in document order; fails on a malformed or repeated row. */
    static Map<String, Row> documented() throws IOException {
        String text = Files.readString(DOC);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(DOC + " has no " + BEGIN + " ... " + END + " table");
        }
        List<String> lines = text.substring(begin + BEGIN.length(), end).strip().lines().toList();
        if (lines.size() < 3 || !lines.get(0).equals("| topic | cleanup.policy | retention.ms | why |")) {
            throw new IllegalStateException(DOC + ": the topic table's header changed: " + lines.get(0));
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] cells = line.split("\\|", -1);
            if (cells.length != 6 || !cells[0].isEmpty() || !cells[5].isEmpty()) {
                throw new IllegalStateException(DOC + ": not a 4-column row: " + line);
            }
            String topic = cells[1].strip().replace("`", "");
            Row row = new Row(topic, cells[2].strip(), cells[3].strip(), cells[4].strip());
            if (rows.put(topic, row) != null) {
                throw new IllegalStateException(DOC + ": " + topic + " is listed twice");
            }
        }
        return rows;
    }

    /** What the code creates, for the default prefix and application id (JSON mirrors included), by topic. */
    static Map<String, Row> fromCode() {
        return fromCode(TopicNames.defaults(), Components.ACCOUNTING_APPLICATION_ID);
    }

    static Map<String, Row> fromCode(TopicNames topics, String applicationId) {
        Map<String, Row> rows = new TreeMap<>();
        for (TopicSpec spec : topics.all(1, true)) {
            Map<String, String> configs = TopicAdmin.configs(spec, false);
            String policy = configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            String retention = configs.getOrDefault(TopicConfig.RETENTION_MS_CONFIG,
                    policy.equals(TopicConfig.CLEANUP_POLICY_COMPACT) ? COMPACTED_ONLY : BROKER_DEFAULT);
            rows.put(spec.name(), new Row(spec.name(), policy, retention, ""));
        }
        AccountingOptions options = AccountingOptions.builder().topics(topics).jsonMirrors(true).build();
        TopologyDescription description = AccountingTopology.build(options,
                AccountingSerdes.avro(new InMemorySchemaRegistryClient())).describe();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    for (String store : p.stores()) {
                        String changelog = applicationId + "-" + store + "-changelog";
                        rows.put(changelog, new Row(changelog, TopicConfig.CLEANUP_POLICY_COMPACT, COMPACTED_ONLY, ""));
                    }
                } else if (node instanceof TopologyDescription.Source s && s.topicSet() != null) {
                    for (String topic : s.topicSet()) {
                        if (topic.endsWith("-repartition")) {
                            String name = applicationId + "-" + topic;
                            rows.put(name, new Row(name, TopicConfig.CLEANUP_POLICY_DELETE, "-1", ""));
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** The real name of a documented topic under another prefix and application id. */
    static String rename(String documented, TopicNames topics, String applicationId) {
        String app = Components.ACCOUNTING_APPLICATION_ID + "-";
        if (documented.startsWith(app)) {
            return applicationId + "-" + documented.substring(app.length());
        }
        String prefix = TopicNames.DEFAULT_PREFIX + ".";
        if (documented.startsWith(prefix)) {
            return topics.prefix() + "." + documented.substring(prefix.length());
        }
        if (documented.startsWith("_" + prefix)) {
            return "_" + topics.prefix() + "." + documented.substring(prefix.length() + 1);
        }
        throw new IllegalArgumentException("documented topic without the default prefix or application id: " + documented);
    }
}
