package dev.carbonledger.launcher.acls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CommandLines;
import dev.carbonledger.launcher.acls.ComponentAcls.Component;
import dev.carbonledger.schemas.topics.TopicNames;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The ACL sets per component, and their kafka-acls.sh rendering; applying them is covered by SecureKafkaIT. */
class AclsCommandTest {

    private final ComponentAcls acls = new ComponentAcls(new TopicNames("carbon"), "carbon-ledger-accounting");

    @Test
    void shouldLetTheCollectorWriteOnlyItsOwnTopics() {
        List<AclBinding> bindings = acls.bindings(Component.COLLECTOR, "User:collector");

        assertThat(literalTopics(bindings, AclOperation.WRITE)).containsExactlyInAnyOrder("carbon.energy.samples",
                "carbon.pods", "carbon.nodes", "carbon.intensity", "carbon.intensity.forecasts",
                "carbon.functional.units");
        assertThat(literalTopics(bindings, AclOperation.READ)).isEmpty();
        assertThat(bindings).anySatisfy(b -> {
            assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.CLUSTER);
            assertThat(b.entry().operation()).isEqualTo(AclOperation.IDEMPOTENT_WRITE);
        });
        assertThat(bindings).allSatisfy(b -> assertThat(b.entry().principal()).isEqualTo("User:collector"));
    }

    @Test
    void shouldGiveStreamsItsInputsOutputsAndPrefixedInternalResources() {
        List<AclBinding> bindings = acls.bindings(Component.STREAMS, "User:streams");

        assertThat(literalTopics(bindings, AclOperation.READ)).contains("carbon.energy.samples", "carbon.budgets",
                "carbon.budget.transfers").doesNotContain("carbon.ledger");
        assertThat(literalTopics(bindings, AclOperation.WRITE)).contains("carbon.ledger", "carbon.dlq",
                "carbon.policy", "carbon.emissions.team").doesNotContain("carbon.energy.samples");
        assertThat(bindings).filteredOn(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .allSatisfy(b -> assertThat(b.pattern().name()).isEqualTo("carbon-ledger-accounting"))
                .extracting(b -> b.pattern().resourceType() + ":" + b.entry().operation())
                .contains("TOPIC:CREATE", "TOPIC:DELETE", "GROUP:READ", "TRANSACTIONAL_ID:WRITE");
    }

    @Test
    void shouldKeepTheSinksReadOnly() {
        List<AclBinding> bindings = acls.bindings(Component.SINKS, "User:sinks");

        assertThat(bindings).extracting(b -> b.entry().operation())
                .containsOnly(AclOperation.READ, AclOperation.DESCRIBE);
        assertThat(literalTopics(bindings, AclOperation.READ)).contains("carbon.emissions.totals", "carbon.alerts",
                "carbon.budgets").doesNotContain("carbon.ledger");
    }

    @Test
    void shouldFollowTheTopicPrefix() {
        List<AclBinding> bindings = new ComponentAcls(new TopicNames("acme"), "acme-accounting")
                .bindings(Component.REGISTRY, "User:registry");

        assertThat(literalTopics(bindings, AclOperation.WRITE)).containsExactly("_acme.schemas");
    }

    @Test
    void shouldPrintKafkaAclsCommandsWithoutConnecting() {
        CommandLines.Run run = CommandLines.run(Map.of(), "acls", "--principal", "User:collector",
                "--component", "collector", "--bootstrap-servers", "kafka:9094", "--kafka-config", "admin.properties");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).contains(
                "kafka-acls.sh --bootstrap-server kafka:9094 --command-config admin.properties --add"
                        + " --allow-principal User:collector --operation Write --operation Describe --topic carbon.energy.samples",
                "kafka-acls.sh --bootstrap-server kafka:9094 --command-config admin.properties --add"
                        + " --allow-principal User:collector --operation IdempotentWrite --cluster");
        assertThat(run.out()).doesNotContain("applied");
    }

    @Test
    void shouldPrintPrefixedPatternsForStreams() {
        CommandLines.Run run = CommandLines.run(Map.of(), "acls", "--principal", "User:streams", "--component", "streams");

        assertThat(run.out()).contains("--allow-principal User:streams --operation Write --operation Describe"
                + " --resource-pattern-type prefixed --transactional-id carbon-ledger-accounting");
    }

    @Test
    void shouldRejectAnUnknownComponentOrABadPrincipalAsUsageErrors() {
        CommandLines.Run unknown = CommandLines.run(Map.of(), "acls", "--principal", "User:x", "--component", "exporter");
        CommandLines.Run badPrincipal = CommandLines.run(Map.of(), "acls", "--principal", "collector",
                "--component", "collector");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown component 'exporter'; one of [collector, streams, sinks, budgets,"
                + " wait-for-window, registry]");
        assertThat(badPrincipal.exitCode()).isEqualTo(2);
        assertThat(badPrincipal.err()).contains("--principal must be 'Type:name'");
    }

    private static List<String> literalTopics(List<AclBinding> bindings, AclOperation operation) {
        return bindings.stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .filter(b -> b.pattern().patternType() == PatternType.LITERAL)
                .filter(b -> b.entry().operation() == operation)
                .map(b -> b.pattern().name()).toList();
    }
}
