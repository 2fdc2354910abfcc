package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerSecurity;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCRAM users are upserted at every start, not only when the storage is first formatted: a restart on the same
 * data directory with a changed password makes the new one work and the old one fail.
 */
class ScramPasswordChangeIT {

    @Test
    void shouldTakeAChangedPasswordOnRestartOfTheSameDataDirectory(@TempDir Path dir) throws Exception {
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"), List.of("broker"));
        BrokerConfig running;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config(dir, tls, "first-password"))) {
            running = broker.config();   // ports resolved
            assertThat(listTopics(broker.saslSslBootstrapServers(), tls, "first-password")).isNotNull();
        }

        // When: same data dir and ports, the password changed
        BrokerConfig second = running.toBuilder()
                .security(running.security().toBuilder().scramUser("app", "second-password").build())
                .build();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(second)) {
            // Then
            assertThat(listTopics(broker.saslSslBootstrapServers(), tls, "second-password")).isNotNull();
            assertThatThrownBy(() -> listTopics(broker.saslSslBootstrapServers(), tls, "first-password"))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static BrokerConfig config(Path dir, TestCertificates tls, String password) {
        return BrokerConfig.builder(dir.resolve("kafka")).port(0).controllerPort(0)
                .security(BrokerSecurity.builder().saslSslPort(0)
                        .keyStore(tls.keyStore("broker"), tls.password())
                        .scramUser("app", password)
                        .build())
                .build();
    }

    private static Object listTopics(String bootstrap, TestCertificates tls, String password) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"app\" password=\"" + password + "\";");
        props.put("ssl.truststore.location", tls.trustStore().toString());
        props.put("ssl.truststore.password", tls.password());
        props.put("ssl.truststore.type", TestCertificates.STORE_TYPE);
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
