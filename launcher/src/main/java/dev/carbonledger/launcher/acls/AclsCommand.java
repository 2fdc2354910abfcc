package dev.carbonledger.launcher.acls;

import dev.carbonledger.launcher.acls.ComponentAcls.Component;
import dev.carbonledger.launcher.cli.DurationConverter;
import dev.carbonledger.launcher.cli.KafkaOptions;
import dev.carbonledger.launcher.runtime.Components;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code carbon-ledger acls}: the Kafka ACLs one component needs, printed as {@code kafka-acls.sh} commands and,
 * with {@code --apply}, created through the Admin API with the client settings of {@code --kafka-config}.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Prints (and with --apply creates) the Kafka ACLs a component needs on a cluster with an"
                + " authorizer. See docs/security.md.",
                "Components: collector, streams, sinks, budgets, wait-for-window, registry."})
public final class AclsCommand implements Callable<Integer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(AclsCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--principal", required = true, paramLabel = "User:NAME",
            description = "The component's principal: the SCRAM user name or the mapped certificate name, e.g. User:collector")
    String principal;

    @Option(names = "--component", required = true, paramLabel = "COMPONENT",
            description = "collector, streams, sinks, budgets, wait-for-window or registry")
    String component;

    @Option(names = "--application-id", defaultValue = Components.ACCOUNTING_APPLICATION_ID,
            description = "The accounting app's application id: prefix of its internal topics, group and transactional ids"
                    + " (default: ${DEFAULT-VALUE})")
    String applicationId;

    @Option(names = "--apply", description = "Create the ACLs on the cluster (Admin API; the --kafka-config principal needs"
            + " ALTER on the cluster). Without it the commands are only printed.")
    boolean apply;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for Kafka with --apply (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Component c = Component.parse(component);
        if (!principal.matches("[A-Za-z]+:[^\\s;]+")) {
            throw new IllegalArgumentException("--principal must be 'Type:name' without spaces or ';', e.g. User:collector,"
                    + " was '" + principal + "'");
        }
        if (applicationId.isBlank()) {
            throw new IllegalArgumentException("--application-id must not be blank");
        }
        List<AclBinding> bindings = new ComponentAcls(kafka.topics(), applicationId).bindings(c, principal);
        PrintWriter out = spec.commandLine().getOut();
        String commandConfig = kafka.client.kafkaConfig == null ? null : kafka.client.kafkaConfig.toString();
        KafkaAclsScript.render(bindings, kafka.bootstrapServers, commandConfig).forEach(out::println);
        if (apply) {
            create(bindings);
            out.printf("applied %d ACLs for %s (%s) on %s%n", bindings.size(), principal, c.cliName(), kafka.bootstrapServers);
        }
        out.flush();
        return 0;
    }

    private void create(List<AclBinding> bindings) throws InterruptedException {
        Properties p = kafka.clientProperties();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(p)) {
            admin.createAcls(bindings).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOGGER.info("event=acls_created principal={} component={} count={}", principal, component, bindings.size());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SecurityDisabledException) {
                throw new IllegalStateException("the cluster at " + kafka.bootstrapServers + " has no authorizer"
                        + " (authorizer.class.name): ACLs would have no effect", cause);
            }
            if (cause instanceof ClusterAuthorizationException) {
                throw new IllegalStateException("the principal of --kafka-config may not create ACLs on "
                        + kafka.bootstrapServers + " (it needs ALTER on the cluster, or to be a super user)", cause);
            }
            throw new IllegalStateException("cannot create ACLs on " + kafka.bootstrapServers + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + kafka.bootstrapServers + " did not answer within " + timeout
                    + " (check --bootstrap-servers and the security settings of --kafka-config)", e);
        }
    }
}
