package dev.carbonledger.launcher.topics;

import dev.carbonledger.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the project's topics with their partitions and cleanup policies; existing topics are left as they are. */
public final class TopicAdmin {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TopicAdmin() {}

    /**
     * Waits until every partition of the topics has a leader. A producer that writes to a partition whose leader is
     * still being elected gets NOT_LEADER_OR_FOLLOWER and, idempotent, can then fail with out-of-order sequences.
     */
    static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            boolean ready;
            try {
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                ready = described.values().stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                // Metadata of a topic just created may not have reached the broker answering yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * The topic-level settings a topic is created with; everything else is the broker's default. The table in
     * docs/operations.md ("Topics: cleanup and retention") documents them, checked by {@code TopicConfigsDocTest}.
     *
     * @param keepForever no time-based retention on non-compacted topics (as {@link #ensure})
     */
    public static Map<String, String> configs(TopicSpec spec, boolean keepForever) {
        Map<String, String> configs = new HashMap<>();
        if (spec.compacted()) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        } else if (keepForever || spec.keepForever()) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        return Map.copyOf(configs);
    }

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
                Optional<Short> replicas = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
                missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), replicas).configs(configs(spec, keepForever)));
            }
            List<String> created = missing.stream().map(NewTopic::name).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                awaitLeaders(admin, created);
            }
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

    /**
     * Fails with the command that creates them when some of the topics do not exist: a Kafka Streams sink writing to a
     * missing topic would otherwise stall for a minute and stop with a producer timeout, or let the broker auto-create
     * it without its cleanup policy.
     *
     * @param why the option that needs the topics, for the message
     */
    public static void requireExisting(Properties client, List<TopicSpec> specs, String why) {
        Set<String> existing;
        try (Admin admin = Admin.create(client)) {
            existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics at " + client.getProperty("bootstrap.servers")
                    + ": " + (e instanceof ExecutionException ? e.getCause().getMessage() : "no answer within "
                    + TIMEOUT_SECONDS + " s"), e);
        }
        List<String> missing = specs.stream().map(TopicSpec::name).filter(n -> !existing.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(why + " needs topics that do not exist: " + String.join(", ", missing)
                    + "; create them with: carbon-ledger topics create " + why + " (same --bootstrap-servers and"
                    + " --topic-prefix)");
        }
    }

    /** Deletes every topic whose name starts with one of the prefixes (a replay's own topics on a shared cluster). */
    public static List<String> deleteWithPrefixes(Admin admin, List<String> prefixes) {
        try {
            List<String> doomed = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> prefixes.stream().anyMatch(name::startsWith)).sorted().toList();
            if (!doomed.isEmpty()) {
                admin.deleteTopics(doomed).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            LOGGER.info("topics deleted count={} prefixes={}", doomed.size(), prefixes);
            return doomed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot delete topics: " + cause.getMessage(), cause);
        }
    }
}
