package dev.carbonledger.launcher.topics;

import dev.carbonledger.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the project's topics with their partitions and cleanup policies; existing topics are left as they are. */
public final class TopicAdmin {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TopicAdmin() {}

    /**
     * Creates the topics that do not exist yet and returns the names created.
     *
     * @param replicationFactor replicas per partition; 0 or less takes the broker's default
     *
     * @param keepForever no time-based retention on non-compacted topics: replays carry old timestamps that the
     *     default 7-day retention would delete as soon as a segment rolls
     */
    public static List<String> ensure(Admin admin, List<TopicSpec> specs, short replicationFactor, boolean keepForever) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    continue;
                }
                Map<String, String> configs = new HashMap<>();
                if (spec.compacted()) {
                    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                } else if (keepForever) {
                    configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
                }
                Optional<Short> replicas = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
                missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), replicas).configs(configs));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            List<String> created = missing.stream().map(NewTopic::name).toList();
            LOGGER.info("topics ready created={} alreadyPresent={}", created.size(), specs.size() - created.size());
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot create topics: " + cause.getMessage(), cause);
        }
    }
}
