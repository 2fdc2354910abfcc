package dev.carbonledger.launcher.acls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;

/** Renders ACL bindings as {@code kafka-acls.sh --add} commands, one per principal and resource pattern. */
public final class KafkaAclsScript {
    private KafkaAclsScript() {}

    /**
     * @param bootstrapServers the cluster, for {@code --bootstrap-server}
     * @param commandConfig    the admin client properties file for {@code --command-config}, or null to leave it out
     */
    public static List<String> render(List<AclBinding> bindings, String bootstrapServers, String commandConfig) {
        Map<String, List<AclOperation>> operations = new LinkedHashMap<>();
        Map<String, AclBinding> firstByKey = new LinkedHashMap<>();
        for (AclBinding b : bindings) {
            String key = b.entry().principal() + "|" + b.entry().host() + "|" + b.entry().permissionType() + "|" + b.pattern();
            operations.computeIfAbsent(key, k -> new ArrayList<>()).add(b.entry().operation());
            firstByKey.putIfAbsent(key, b);
        }
        List<String> lines = new ArrayList<>();
        firstByKey.forEach((key, b) -> {
            StringBuilder line = new StringBuilder("kafka-acls.sh --bootstrap-server ").append(bootstrapServers);
            if (commandConfig != null) {
                line.append(" --command-config ").append(commandConfig);
            }
            AccessControlEntry entry = b.entry();
            line.append(" --add --allow-principal ").append(entry.principal());
            if (!"*".equals(entry.host())) {
                line.append(" --allow-host ").append(entry.host());
            }
            for (AclOperation op : operations.get(key)) {
                line.append(" --operation ").append(camelCase(op));
            }
            line.append(resource(b.pattern()));
            lines.add(line.toString());
        });
        return lines;
    }

    private static String resource(ResourcePattern pattern) {
        String option = switch (pattern.resourceType()) {
            case TOPIC -> " --topic " + pattern.name();
            case GROUP -> " --group " + pattern.name();
            case TRANSACTIONAL_ID -> " --transactional-id " + pattern.name();
            case CLUSTER -> " --cluster";
            default -> throw new IllegalArgumentException("no kafka-acls.sh option for " + pattern.resourceType());
        };
        return pattern.patternType() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" + option : option;
    }

    /** {@code IDEMPOTENT_WRITE} -> {@code IdempotentWrite}, the spelling kafka-acls.sh documents. */
    static String camelCase(AclOperation operation) {
        StringBuilder b = new StringBuilder();
        for (String part : operation.name().split("_")) {
            b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }
}
