package dev.carbonledger.launcher.topics;

import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.schemas.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carbon-ledger topics create|describe}: the project's topics with their partitions and cleanup policies. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates (idempotently) or describes the project's topics.")
public final class TopicsCommand implements Callable<Integer> {
    public enum Action { create, describe }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTION", description = "create or describe")
    Action action;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the partitioned topics (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "-1",
            description = "Replicas per partition; -1 takes the broker default (default: ${DEFAULT-VALUE})")
    short replicationFactor;

    @Option(names = "--json-mirrors", defaultValue = "false", negatable = true, fallbackValue = "true",
            description = "Also the JSON mirror topics <topic>.json of the rollups, budget status, SCI and policy"
                    + " (for streams --json-mirrors) (default: ${DEFAULT-VALUE})")
    boolean jsonMirrors;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        List<TopicSpec> specs = kafka.topics().all(partitions, jsonMirrors);
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            if (action == Action.create) {
                List<String> created = TopicAdmin.ensure(admin, specs, replicationFactor, false);
                out.printf("created %d topics, %d already present%n", created.size(), specs.size() - created.size());
            }
            describe(admin, specs, out);
        }
        out.flush();
        return 0;
    }

    private static void describe(Admin admin, List<TopicSpec> specs, PrintWriter out) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> present = specs.stream().map(TopicSpec::name).filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(present.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(30, TimeUnit.SECONDS);
        out.printf("%-34s %10s %8s %-8s %s%n", "TOPIC", "PARTITIONS", "REPLICAS", "CLEANUP", "PURPOSE");
        for (TopicSpec s : specs) {
            TopicDescription d = descriptions.get(s.name());
            if (d == null) {
                out.printf("%-34s %10s %8s %-8s %s%n", s.name(), "missing", "-", "-", s.description());
                continue;
            }
            String cleanup = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, s.name()))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            out.printf("%-34s %10d %8d %-8s %s%n", s.name(), d.partitions().size(),
                    d.partitions().get(0).replicas().size(), cleanup, s.description());
        }
    }
}
