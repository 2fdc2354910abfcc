package dev.carbonledger.sinks.testing;

import static org.awaitility.Awaitility.await;

import dev.carbonledger.testsupport.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates a topic and waits until its metadata is served. (KafkaTestBroker.createTopic describes the topic
 * only once, which can fail with UnknownTopicOrPartition right after creation on a busy machine.)
 */
public final class TestTopics {
    private TestTopics() {}

    public static void create(KafkaTestBroker broker, String name, int partitions, Map<String, String> configs) {
        try {
            broker.admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        }
        await("metadata of topic " + name).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> broker.admin().describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS)
                        .get(name).partitions().size() == partitions);
    }

    public static void create(KafkaTestBroker broker, String name, int partitions) {
        create(broker, name, partitions, Map.of());
    }
}
