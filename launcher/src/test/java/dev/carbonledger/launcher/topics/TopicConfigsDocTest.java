package dev.carbonledger.launcher.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md's topic table is the one place an operator reads each topic's cleanup policy and retention: it
 * lists exactly the topics the code creates (the project's, the JSON mirrors, Kafka Streams' changelogs and
 * repartition topics), with the settings the code gives them, and says why for each.
 */
class TopicConfigsDocTest {

    @Test
    void shouldDocumentEveryTopicWithTheSettingsTheCodeCreatesItWith() throws Exception {
        Map<String, TopicConfigTable.Row> documented = TopicConfigTable.documented();
        Map<String, TopicConfigTable.Row> code = TopicConfigTable.fromCode();

        assertThat(documented.keySet()).as("topics in %s", TopicConfigTable.DOC)
                .containsExactlyInAnyOrderElementsOf(code.keySet());
        List<String> differences = documented.values().stream()
                .filter(row -> !row.settings().equals(code.get(row.topic())))
                .map(row -> row.topic() + ": documented " + row.cleanupPolicy() + " / " + row.retention()
                        + ", created " + code.get(row.topic()).cleanupPolicy() + " / " + code.get(row.topic()).retention())
                .toList();
        assertThat(differences).as("cleanup.policy / retention.ms as documented vs as created").isEmpty();
    }

    @Test
    void shouldSayWhyForEveryTopic() throws Exception {
        assertThat(TopicConfigTable.documented().values())
                .allSatisfy(row -> assertThat(row.why()).as(row.topic()).hasSizeGreaterThan(10));
    }

    @Test
    void shouldKnowTheInternalTopicsOfTheTopology() {
        // The changelogs and repartition topics come from the topology itself: a store added without a row fails above.
        assertThat(TopicConfigTable.fromCode().keySet())
                .contains("carbon-ledger-accounting-series-state-store-changelog",
                        "carbon-ledger-accounting-partials-repartition")
                .noneMatch(t -> t.contains("global-store"));
    }
}
