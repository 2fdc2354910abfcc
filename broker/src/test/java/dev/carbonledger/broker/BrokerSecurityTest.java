package dev.carbonledger.broker;

import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secured listeners and the authorizer as configuration; the running broker is covered by test-support ITs. */
class BrokerSecurityTest {

    private static final String SECRET = "s3cret-never-shown";

    @Test
    void shouldLeaveTheBrokerAsBeforeWhenNoSecurityIsGiven(@TempDir Path dir) {
        Properties props = EmbeddedKafkaBroker.serverProperties(BrokerConfig.builder(dir).build());

        assertThat(props.getProperty("listener.security.protocol.map"))
                .isEqualTo("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        assertThat(props).doesNotContainKeys("authorizer.class.name", "super.users", "ssl.keystore.location",
                "sasl.enabled.mechanisms");
    }

    @Test
    void shouldConfigureSaslSslMutualTlsAndTheAuthorizer(@TempDir Path dir) throws IOException {
        BrokerConfig config = BrokerConfig.builder(dir).port(29092).controllerPort(29093)
                .security(secured(dir).principalMappingRules("RULE:^CN=([^,]+).*$/$1/,DEFAULT").build()).build();

        Properties props = EmbeddedKafkaBroker.serverProperties(config);

        assertThat(props.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092,SASL_SSL://127.0.0.1:29094,"
                + "SSL://127.0.0.1:29095,CONTROLLER://127.0.0.1:29093");
        assertThat(props.getProperty("advertised.listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:29092,SASL_SSL://127.0.0.1:29094,SSL://127.0.0.1:29095");
        assertThat(props.getProperty("listener.security.protocol.map"))
                .isEqualTo("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL");
        assertThat(props.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(props.getProperty("listener.name.sasl_ssl.sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(props.getProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required;");
        assertThat(props.getProperty("listener.name.ssl.ssl.client.auth")).isEqualTo("required");
        assertThat(props.getProperty("ssl.principal.mapping.rules")).isEqualTo("RULE:^CN=([^,]+).*$/$1/,DEFAULT");
        assertThat(props.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(props.getProperty("super.users")).isEqualTo("User:ANONYMOUS;User:admin");
        assertThat(props.getProperty("ssl.keystore.location")).isEqualTo(dir.resolve("broker.p12").toString());
    }

    @Test
    void shouldReportEveryInvalidSecuritySettingAtOnceWithoutPasswords(@TempDir Path dir) {
        BrokerSecurity.Builder builder = BrokerSecurity.builder().saslSslPort(70_000).sslPort(0)
                .keyStore(dir.resolve("missing.p12"), SECRET).scramUser("bad,name", SECRET).scramUser("nopass", "")
                .superUser("admin");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("saslSslPort must be in 0..65535 (0 = ephemeral) or -1 (off), was 70000")
                .hasMessageContaining("keyStore " + dir.resolve("missing.p12").toAbsolutePath() + " is not a readable file")
                .hasMessageContaining("trustStore is required for the secured listeners")
                .hasMessageContaining("SCRAM user names must be non-blank without ',' or '=', was 'bad,name'")
                .hasMessageContaining("SCRAM user 'nopass' has no password")
                .hasMessageContaining("super users [admin] given but the authorizer is off")
                .hasMessageContaining("super user must be a principal 'Type:name'")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void shouldRefuseScramUsersWithoutTheSaslSslListener() {
        assertThatThrownBy(() -> BrokerSecurity.builder().scramUser("collector", SECRET).build())
                .hasMessageContaining("SCRAM users need the SASL_SSL listener: set saslSslPort");
    }

    @Test
    void shouldRefuseClashingPortsAndOverridesOfDerivedSecurityKeys(@TempDir Path dir) throws IOException {
        BrokerConfig.Builder builder = BrokerConfig.builder(dir).port(29092).controllerPort(29093)
                .security(secured(dir).saslSslPort(29092).build())
                .serverProperty("super.users", "User:mallory");

        assertThatThrownBy(builder::build)
                .hasMessageContaining("saslSslPort and port must differ, both are 29092")
                .hasMessageContaining("server property 'super.users' is derived from the broker security settings");
    }

    @Test
    void shouldNeverShowPasswordsInToString(@TempDir Path dir) throws IOException {
        BrokerConfig config = BrokerConfig.builder(dir).security(secured(dir).build()).build();

        assertThat(config.toString()).contains("scramUsers=[collector]").doesNotContain(SECRET);
    }

    @Test
    void shouldLetKafkaLogTheStorePasswordsAsHidden(@TempDir Path dir) throws IOException {
        BrokerConfig config = BrokerConfig.builder(dir).security(secured(dir).build()).build();

        // KafkaConfig logs its values at start-up; password settings are Password objects there
        KafkaConfig kafkaConfig = KafkaConfig.fromProps(EmbeddedKafkaBroker.serverProperties(config), false);

        assertThat(kafkaConfig.values().toString()).doesNotContain(SECRET).contains("ssl.keystore.password=[hidden]")
                .contains("ssl.truststore.password=[hidden]").contains("ssl.key.password=[hidden]");
    }

    @Test
    void shouldResolveEphemeralSecuredPortsToDistinctFreePorts(@TempDir Path dir) throws IOException {
        BrokerConfig resolved = EmbeddedKafkaBroker.resolvePorts(BrokerConfig.builder(dir).port(0).controllerPort(0)
                .security(secured(dir).saslSslPort(0).sslPort(0).build()).build());

        assertThat(java.util.Set.of(resolved.port(), resolved.controllerPort(), resolved.security().saslSslPort(),
                resolved.security().sslPort())).hasSize(4).allSatisfy(p -> assertThat(p).isPositive());
    }

    @Test
    void shouldRoundTripThroughAnOwnerOnlySecurityFile(@TempDir Path dir) throws IOException {
        BrokerSecurity security = secured(dir).principalMappingRules("RULE:^CN=([^,]+).*$/$1/,DEFAULT").build();
        Path file = dir.resolve("security.properties");

        SecurityFile.write(security, file);
        BrokerSecurity read = SecurityFile.read(file);

        assertThat(read.toString()).isEqualTo(security.toString());
        assertThat(read.scramUsers()).isEqualTo(security.scramUsers());
        assertThat(read.keyStorePassword()).isEqualTo(SECRET);
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void shouldReadTheSecurityFileFromBrokerMainAndRejectUnknownKeys(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.properties");
        SecurityFile.write(secured(dir).build(), good);
        Path bad = Files.writeString(dir.resolve("bad.properties"), "sasl.ssl.port=x\nkeystore.pasword=" + SECRET + "\n");

        BrokerMain.Options options = BrokerMain.Options.parse(new String[] {"--data-dir", dir.toString(),
            "--security-config", good.toString()});

        assertThat(options.config.security().saslSslPort()).isEqualTo(29094);
        assertThat(options.config.security().scramUserNames()).containsExactly("collector");
        assertThatThrownBy(() -> SecurityFile.read(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'keystore.pasword'")
                .hasMessageContaining("sasl.ssl.port must be an integer, was 'x'")
                .hasMessageNotContaining(SECRET);
    }

    private static BrokerSecurity.Builder secured(Path dir) throws IOException {
        Path keyStore = Files.writeString(dir.resolve("broker.p12"), "not parsed here");
        Path trustStore = Files.writeString(dir.resolve("truststore.p12"), "not parsed here");
        return BrokerSecurity.builder().saslSslPort(29094).sslPort(29095)
                .keyStore(keyStore, SECRET).trustStore(trustStore, SECRET)
                .scramUser("collector", SECRET).authorizer(true).superUser("User:admin");
    }
}
