package dev.carbonledger.launcher.acls;

import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.alertmanager.ForwarderConfig;
import dev.carbonledger.sinks.prometheus.ExporterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least Kafka ACLs each part of carbon-ledger needs, derived from what its code produces and consumes
 * ({@link TopicNames}). Every grant is ALLOW from any host; anything not granted is denied by an authorizer.
 * See docs/security.md for the table and the reasons.
 */
public final class ComponentAcls {

    /** The parts of carbon-ledger that talk to Kafka under their own principal. */
    public enum Component {
        /** Publishes samples, pods, nodes, intensity, forecasts and functional-unit counters. */
        COLLECTOR,
        /** The accounting topology: reads the inputs, writes the results, owns its internal topics. */
        STREAMS,
        /** Prometheus exporter, policy server and Alertmanager forwarder: read only. */
        SINKS,
        /** {@code carbon-ledger budgets}: writes budgets and transfers in transactions, reads the status. */
        BUDGETS,
        /** {@code carbon-ledger wait-for-window}: records {@code job:<id>} decisions on the policy topic. */
        WAIT_FOR_WINDOW,
        /** The embedded schema registry: its compacted store topic. */
        REGISTRY;

        /** The name on the command line: lower case, '-' for '_'. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Component parse(String value) {
            for (Component c : values()) {
                if (c.cliName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown component '" + value + "'; one of " + names());
        }

        public static List<String> names() {
            return java.util.Arrays.stream(values()).map(Component::cliName).toList();
        }
    }

    /** Prefix of the budgets CLI's transactional ids ({@code carbon-ledger-budgets-import-<uuid>}). */
    public static final String BUDGETS_TRANSACTIONAL_ID_PREFIX = "carbon-ledger-budgets-";

    private final TopicNames topics;
    private final String streamsApplicationId;

    /**
     * @param topics               the topic names (prefix) the deployment uses
     * @param streamsApplicationId the accounting application id: prefix of its internal topics, group and
     *                             transactional ids
     */
    public ComponentAcls(TopicNames topics, String streamsApplicationId) {
        this.topics = topics;
        this.streamsApplicationId = streamsApplicationId;
    }

    /** The default deployment: topic prefix {@code carbon}, application id {@code carbon-ledger-accounting}. */
    public static ComponentAcls defaults() {
        return new ComponentAcls(TopicNames.defaults(), Components.ACCOUNTING_APPLICATION_ID);
    }

    /**
     * The ACLs of a component for a principal.
     *
     * @param principal e.g. {@code User:collector} (SCRAM user name, or the mapped certificate name)
     */
    public List<AclBinding> bindings(Component component, String principal) {
        Grants g = new Grants(principal);
        switch (component) {
            case COLLECTOR -> {
                g.topics(List.of(topics.samples(), topics.pods(), topics.nodes(), topics.intensity(),
                        topics.intensityForecasts(), topics.functionalUnits()), AclOperation.WRITE, AclOperation.DESCRIBE);
                g.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            case STREAMS -> {
                g.topics(List.of(topics.samples(), topics.pods(), topics.nodes(), topics.intensity(),
                        topics.intensityForecasts(), topics.budgets(), topics.budgetTransfers(),
                        topics.functionalUnits()), AclOperation.READ, AclOperation.DESCRIBE);
                g.topics(List.of(topics.ledger(), topics.teamWindows(), topics.modelWindows(), topics.teamHourly(),
                        topics.totals(), topics.late(), topics.budgetStatus(), topics.alerts(), topics.policy(),
                        topics.deadLetter(), topics.sci()), AclOperation.WRITE, AclOperation.DESCRIBE);
                // At start the reference topics' dead-letter path reads carbon.dlq once for what is already there.
                g.topics(List.of(topics.deadLetter()), AclOperation.READ);
                // --json-mirrors: the mirror sub-topologies read the rollups, budget status, SCI and policy back and
                // write <topic>.json.
                List<String> mirrored = topics.mirrored();
                g.topics(mirrored, AclOperation.READ);
                g.topics(mirrored.stream().map(topics::jsonMirror).toList(), AclOperation.WRITE, AclOperation.DESCRIBE);
                // Internal repartition and changelog topics: <application.id>-<name>-repartition|changelog.
                g.add(ResourceType.TOPIC, streamsApplicationId, PatternType.PREFIXED, AclOperation.CREATE,
                        AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.DESCRIBE,
                        AclOperation.DESCRIBE_CONFIGS);
                g.add(ResourceType.GROUP, streamsApplicationId, PatternType.PREFIXED, AclOperation.READ,
                        AclOperation.DESCRIBE);
                // Exactly-once v2: one transactional id per stream thread, <application.id>-<process id>-<n>.
                g.add(ResourceType.TRANSACTIONAL_ID, streamsApplicationId, PatternType.PREFIXED, AclOperation.WRITE,
                        AclOperation.DESCRIBE);
                g.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            case SINKS -> {
                // Exporter, policy server and forwarder history read by assignment, without a group.
                // The live view also reads the team rollups, SCI and alerts; the exporter's SCI gauge reads SCI.
                g.topics(List.of(topics.samples(), topics.intensity(), topics.intensityForecasts(), topics.budgets(),
                        topics.totals(), topics.late(), topics.budgetStatus(), topics.alerts(), topics.policy(),
                        topics.deadLetter(), topics.teamWindows(), topics.sci()), AclOperation.READ, AclOperation.DESCRIBE);
                g.add(ResourceType.GROUP, ForwarderConfig.DEFAULT_GROUP_ID, PatternType.LITERAL, AclOperation.READ,
                        AclOperation.DESCRIBE);
                // The exporter's consumer-lag gauge reads the accounting group's committed offsets.
                g.add(ResourceType.GROUP, ExporterConfig.DEFAULT_LAG_GROUP, PatternType.LITERAL, AclOperation.DESCRIBE);
            }
            case BUDGETS -> {
                g.topics(List.of(topics.budgets(), topics.budgetTransfers()), AclOperation.READ, AclOperation.WRITE,
                        AclOperation.DESCRIBE);
                g.topics(List.of(topics.budgetStatus()), AclOperation.READ, AclOperation.DESCRIBE);
                g.add(ResourceType.TRANSACTIONAL_ID, BUDGETS_TRANSACTIONAL_ID_PREFIX, PatternType.PREFIXED,
                        AclOperation.WRITE, AclOperation.DESCRIBE);
                g.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            case WAIT_FOR_WINDOW -> {
                g.topics(List.of(topics.policy()), AclOperation.WRITE, AclOperation.DESCRIBE);
                g.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            case REGISTRY -> {
                g.topics(List.of(topics.schemas()), AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE,
                        AclOperation.DESCRIBE);
                g.cluster(AclOperation.IDEMPOTENT_WRITE);
            }
            default -> throw new IllegalArgumentException("no ACLs defined for " + component);
        }
        return g.bindings;
    }

    /** Collects ALLOW bindings for one principal. */
    private static final class Grants {
        private final String principal;
        private final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            this.principal = principal;
        }

        void topics(List<String> names, AclOperation... operations) {
            for (String name : names) {
                add(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
            }
        }

        void cluster(AclOperation... operations) {
            add(ResourceType.CLUSTER, Resource.CLUSTER_NAME, PatternType.LITERAL, operations);
        }

        void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
            ResourcePattern resource = new ResourcePattern(type, name, pattern);
            for (AclOperation operation : operations) {
                bindings.add(new AclBinding(resource,
                        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
            }
        }
    }
}
