package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The embedded registry's basic auth and TLS set from the environment, as a Kubernetes Deployment would (password
 * files mounted from Secrets), take effect on a real HTTPS server; a half-given setting fails naming the options.
 */
class RegistryServerOptionsTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        RegistryServerOptions registry;
    }

    @Test
    void shouldServeHttpsWithBasicAuthWhenTheEnvironmentNamesTheKeystoreAndThePasswordFiles() throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir.resolve("certs"), List.of("registry"));
        Path keystorePassword = Files.writeString(dir.resolve("keystore-password"), certificates.password() + "\n");
        Path basicAuthPassword = Files.writeString(dir.resolve("registry-password"), "registry-s3cret\n");
        EmbeddedRegistryConfig config = parse(Map.of(
                "CARBON_LEDGER_REGISTRY_USERNAME", "ledger",
                "CARBON_LEDGER_REGISTRY_PASSWORD_FILE", basicAuthPassword.toString(),
                "CARBON_LEDGER_REGISTRY_TLS_KEYSTORE", certificates.keyStore("registry").toString(),
                "CARBON_LEDGER_REGISTRY_TLS_PASSWORD_FILE", keystorePassword.toString()))
                .applyTo(EmbeddedRegistryConfig.ephemeral());

        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.inMemory(config).start()) {
            RestRegistryConfig.Builder trusting = RestRegistryConfig.builder(registry.url())
                    .truststore(certificates.trustStore(), certificates.password())
                    .retries(0, Duration.ofMillis(10), Duration.ofMillis(10));
            RestSchemaRegistryClient authorised = new RestSchemaRegistryClient(trusting.basicAuth("ledger", "registry-s3cret").build());
            RestSchemaRegistryClient anonymous = new RestSchemaRegistryClient(RestRegistryConfig.builder(registry.url())
                    .truststore(certificates.trustStore(), certificates.password())
                    .retries(0, Duration.ofMillis(10), Duration.ofMillis(10)).build());

            assertThat(registry.url()).startsWith("https://127.0.0.1:");
            assertThat(authorised.register("s-value", Schema.create(Schema.Type.STRING))).isEqualTo(1);
            assertThat(registry.localClient().subjects()).containsExactly("s-value");
            assertThatThrownBy(anonymous::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
        }
        assertThat(config.toString()).doesNotContain("registry-s3cret").doesNotContain(certificates.password());
    }

    @Test
    void shouldServePlainHttpWithoutAuthWhenNothingIsGiven() {
        EmbeddedRegistryConfig config = parse(Map.of()).applyTo(EmbeddedRegistryConfig.of(8081));

        assertThat(config).isEqualTo(EmbeddedRegistryConfig.of(8081));
    }

    @Test
    void shouldNameEveryHalfGivenSettingAtOnce() {
        RegistryServerOptions options = parse(Map.of(
                "CARBON_LEDGER_REGISTRY_USERNAME", "ledger",
                "CARBON_LEDGER_REGISTRY_TLS_KEYSTORE", dir.resolve("registry.p12").toString()));

        assertThatThrownBy(() -> options.applyTo(EmbeddedRegistryConfig.ephemeral()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--registry-username and --registry-password-file go together; "
                        + "--registry-tls-keystore needs --registry-tls-password-file");
    }

    @Test
    void shouldNameTheUnreadablePasswordFile() {
        Path missing = dir.resolve("no-such-password");
        RegistryServerOptions options = parse(Map.of(
                "CARBON_LEDGER_REGISTRY_TLS_KEYSTORE", dir.resolve("registry.p12").toString(),
                "CARBON_LEDGER_REGISTRY_TLS_PASSWORD_FILE", missing.toString()));

        assertThatThrownBy(() -> options.applyTo(EmbeddedRegistryConfig.ephemeral()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--registry-tls-password-file: cannot read " + missing);
    }

    private static RegistryServerOptions parse(Map<String, String> env) {
        Probe probe = new Probe();
        CommandLine cl = new CommandLine(probe);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.parseArgs();
        return probe.registry;
    }
}
