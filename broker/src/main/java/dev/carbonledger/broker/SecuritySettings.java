package dev.carbonledger.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The Kafka server properties of {@link BrokerSecurity}. Password values go only into these properties: Kafka
 * declares them as {@code PASSWORD} configs and logs them as {@code [hidden]}.
 */
final class SecuritySettings {

    static final String AUTHORIZER_CLASS_NAME = "authorizer.class.name";
    static final String SUPER_USERS = "super.users";
    static final String SASL_ENABLED_MECHANISMS = "sasl.enabled.mechanisms";
    static final String SSL_PRINCIPAL_MAPPING_RULES = "ssl.principal.mapping.rules";
    static final String SSL_CLIENT_AUTH = "ssl.client.auth";
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule required;";

    private SecuritySettings() {
    }

    static void apply(BrokerSecurity security, Properties p) {
        if (security.saslSslEnabled() || security.sslEnabled()) {
            p.put("ssl.keystore.location", security.keyStore().toString());
            p.put("ssl.keystore.password", security.keyStorePassword());
            p.put("ssl.key.password", security.keyStorePassword());
            p.put("ssl.keystore.type", security.storeType());
            if (security.trustStore() != null) {
                p.put("ssl.truststore.location", security.trustStore().toString());
                p.put("ssl.truststore.password", security.trustStorePassword());
                p.put("ssl.truststore.type", security.storeType());
            }
        }
        if (security.saslSslEnabled()) {
            String listener = prefix(EmbeddedKafkaBroker.SASL_SSL_LISTENER);
            p.put(SASL_ENABLED_MECHANISMS, BrokerSecurity.SCRAM_MECHANISM);
            p.put(listener + SASL_ENABLED_MECHANISMS, BrokerSecurity.SCRAM_MECHANISM);
            // The server side of SCRAM needs a login module entry; the credentials live in the metadata log.
            p.put(listener + BrokerSecurity.SCRAM_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    SCRAM_LOGIN_MODULE);
        }
        if (security.sslEnabled()) {
            p.put(prefix(EmbeddedKafkaBroker.SSL_LISTENER) + SSL_CLIENT_AUTH, "required");
            if (security.principalMappingRules() != null) {
                p.put(SSL_PRINCIPAL_MAPPING_RULES, security.principalMappingRules());
            }
        }
        if (security.authorizer()) {
            p.put(AUTHORIZER_CLASS_NAME, BrokerSecurity.STANDARD_AUTHORIZER);
            List<String> superUsers = new ArrayList<>();
            // The broker's own requests (controller and inter-broker listeners, both PLAINTEXT) come as ANONYMOUS.
            superUsers.add(BrokerSecurity.PLAINTEXT_PRINCIPAL);
            superUsers.addAll(security.superUsers());
            p.put(SUPER_USERS, String.join(";", superUsers));
        }
    }

    private static String prefix(String listener) {
        return "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
    }
}
