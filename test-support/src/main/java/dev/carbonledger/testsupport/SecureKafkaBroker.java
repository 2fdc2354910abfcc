package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerSecurity;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A single-node broker with real secured listeners for security tests: SASL_SSL with a SCRAM-SHA-512 user per
 * principal, SSL with client certificates required (a certificate per principal, mapped to {@code User:<name>}),
 * and {@code StandardAuthorizer} (nothing allowed without an ACL). {@code admin} is always a principal and a
 * super user. Certificates and passwords are generated at start under the given directory.
 *
 * <p>The {@link KafkaTestBroker} helpers ({@link #admin()}, {@link #createTopics}, {@link #producer()} ...) use the
 * PLAINTEXT loopback listener, whose principal is a super user: use them to set up and check, and the
 * per-principal properties ({@link #saslClientProperties}, {@link #mtlsClientProperties}) for the code under test.
 *
 * <p>Runs {@link EmbeddedKafkaBroker} in the test JVM: unlike the test kit, a fatal broker fault halts the JVM.
 * The test kit offers no way to add SCRAM users and extra secured listeners beside its own.
 */
public final class SecureKafkaBroker extends AbstractKafkaTestBroker {

    private static final Logger LOGGER = LoggerFactory.getLogger(SecureKafkaBroker.class);
    /** The principal every secure broker of this class knows and treats as a super user. */
    public static final String ADMIN = "admin";
    private static final String BROKER_CERTIFICATE = "broker";

    private final EmbeddedKafkaBroker broker;
    private final TestCertificates certificates;
    private final Map<String, String> passwords;

    private SecureKafkaBroker(EmbeddedKafkaBroker broker, TestCertificates certificates, Map<String, String> passwords) {
        this.broker = broker;
        this.certificates = certificates;
        this.passwords = Map.copyOf(passwords);
    }

    /**
     * Generates certificates and passwords under {@code dir} and starts the broker on ephemeral ports.
     *
     * @param principals user names besides {@value #ADMIN}, e.g. {@code collector}, {@code streams}
     */
    public static SecureKafkaBroker start(Path dir, List<String> principals) {
        Set<String> users = new LinkedHashSet<>();
        users.add(ADMIN);
        users.addAll(principals);
        List<String> names = new java.util.ArrayList<>();
        names.add(BROKER_CERTIFICATE);
        names.addAll(users);
        TestCertificates certificates = TestCertificates.generate(dir.resolve("tls"), names);
        BrokerSecurity.Builder security = BrokerSecurity.builder()
                .saslSslPort(0)
                .sslPort(0)
                .keyStore(certificates.keyStore(BROKER_CERTIFICATE), certificates.password())
                .trustStore(certificates.trustStore(), certificates.password())
                .storeType(TestCertificates.STORE_TYPE)
                .principalMappingRules(TestCertificates.PRINCIPAL_MAPPING_RULES)
                .authorizer(true)
                .superUser("User:" + ADMIN);
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : users) {
            String password = UUID.randomUUID().toString();
            passwords.put(user, password);
            security.scramUser(user, password);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerConfig.builder(dir.resolve("kafka"))
                .port(0).controllerPort(0).security(security.build()).build());
        LOGGER.info("event=secure_test_broker_started plaintext={} sasl_ssl={} ssl={} principals={}",
                broker.bootstrapServers(), broker.saslSslBootstrapServers(), broker.sslBootstrapServers(), users);
        return new SecureKafkaBroker(broker, certificates, passwords);
    }

    /** The PLAINTEXT loopback listener (super user). */
    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Properties for the PLAINTEXT loopback listener (super user): for set-up and checks only. */
    @Override
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return props;
    }

    public String saslSslBootstrapServers() {
        return broker.saslSslBootstrapServers();
    }

    public String sslBootstrapServers() {
        return broker.sslBootstrapServers();
    }

    /** Client properties for {@code user} over SASL_SSL with SCRAM-SHA-512. */
    public Map<String, Object> saslClientProperties(String user) {
        return saslClientProperties(user, password(user));
    }

    /** Client properties for {@code user} over SASL_SSL with the given (possibly wrong) password. */
    public Map<String, Object> saslClientProperties(String user, String password) {
        Map<String, Object> props = trustingClient(broker.saslSslBootstrapServers(), "SASL_SSL");
        props.put(SaslConfigs.SASL_MECHANISM, BrokerSecurity.SCRAM_MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\";");
        return props;
    }

    /** Client properties for {@code user} over SSL with its own client certificate (mutual TLS). */
    public Map<String, Object> mtlsClientProperties(String user) {
        Map<String, Object> props = trustingClient(broker.sslBootstrapServers(), "SSL");
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, certificates.keyStore(user).toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, certificates.password());
        props.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, certificates.password());
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, TestCertificates.STORE_TYPE);
        return props;
    }

    /** The generated SCRAM password of a principal. */
    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no SCRAM user '" + user + "'; known: " + passwords.keySet());
        }
        return password;
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** The running broker. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        super.close();
        broker.close();
    }

    private Map<String, Object> trustingClient(String bootstrap, String protocol) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, certificates.trustStore().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, certificates.password());
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TestCertificates.STORE_TYPE);
        return props;
    }
}
