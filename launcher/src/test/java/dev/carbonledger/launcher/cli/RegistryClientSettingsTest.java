package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.testsupport.TestCertificates;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code --schema-registry-config FILE} with the Confluent client's keys acts: the registry client trusts the
 * registry's certificate and sends the basic-auth credentials, against a real HTTPS server on 127.0.0.1 that requires
 * them and answers as a registry does.
 */
class RegistryClientSettingsTest {
    @TempDir
    static Path dir;
    private static Path truststore;
    private static String storePassword;
    private static HttpsServer server;
    private static String url;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        KafkaOptions kafka;
    }

    @BeforeAll
    static void startRegistry() throws Exception {
        TestCertificates certificates = TestCertificates.generate(dir.resolve("tls"), List.of("registry"));
        truststore = certificates.trustStore();
        storePassword = certificates.password();
        SSLContext context = new TlsKeystore(certificates.keyStore("registry"), storePassword, "PKCS12").sslContext();

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        HttpContext subjects = server.createContext("/subjects", exchange -> {
            // A registry's answer to GET /subjects, as Confluent Schema Registry sends it.
            byte[] body = "[\"carbon.energy.samples-value\",\"carbon.pods-value\"]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        subjects.setAuthenticator(new BasicAuthenticator("registry") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return "ledger".equals(user) && "s3cret:with-colon".equals(password);
            }
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stopRegistry() {
        server.stop(0);
    }

    @Test
    void shouldUseTheConfluentKeysForTlsAndBasicAuth() throws Exception {
        Path config = write("ok.properties", "schema.registry.url=" + url + "\n"
                + "basic.auth.credentials.source=USER_INFO\n"
                + "basic.auth.user.info=ledger:s3cret:with-colon\n"
                + "schema.registry.ssl.truststore.location=" + truststore + "\n"
                + "schema.registry.ssl.truststore.password=" + storePassword + "\n"
                + "schema.registry.ssl.truststore.type=PKCS12\n");

        try (SchemaRegistryClient client = parse(Map.of(), "--schema-registry-config", config.toString()).registryClient()) {
            assertThat(client.subjects()).containsExactly("carbon.energy.samples-value", "carbon.pods-value");
        }
    }

    @Test
    void shouldBeRefusedWithoutTheCredentials() throws Exception {
        Path config = write("no-auth.properties", "schema.registry.url=" + url + "\n"
                + "schema.registry.ssl.truststore.location=" + truststore + "\n"
                + "schema.registry.ssl.truststore.password=" + storePassword + "\n");

        try (SchemaRegistryClient client = parse(Map.of(), "--schema-registry-config", config.toString()).registryClient()) {
            assertThatThrownBy(client::subjects).hasMessageContaining("401");
        }
    }

    @Test
    void shouldLetTheUrlOptionOrItsVariableWinOverTheFilesUrl() throws Exception {
        Path config = write("other-url.properties", "schema.registry.url=https://elsewhere.invalid:8081\n");

        KafkaOptions fromVariable = parse(Map.of("CARBON_LEDGER_SCHEMA_REGISTRY_URL", url), "--schema-registry-config", config.toString());
        KafkaOptions fromFile = parse(Map.of(), "--schema-registry-config", config.toString());

        assertThat(fromVariable.registryConfig().urls()).extracting(Object::toString).containsExactly(url);
        assertThat(fromFile.registryConfig().urls()).extracting(Object::toString).containsExactly("https://elsewhere.invalid:8081");
    }

    @Test
    void shouldRejectUnknownKeysAndBadValuesAllAtOnce() throws Exception {
        Path config = write("bad.properties", "schema.registry.url=" + url + "\n"
                + "basic.auth.credentials.source=SASL_INHERIT\n"
                + "schema.registry.ssl.truststore.type=PEM\n"
                + "schema.registry.sl.truststore.location=/typo\n");

        KafkaOptions kafka = parse(Map.of(), "--schema-registry-config", config.toString());

        assertThatThrownBy(kafka::registryConfig).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key 'schema.registry.sl.truststore.location'")
                .hasMessageContaining("basic.auth.credentials.source must be USER_INFO or URL, was 'SASL_INHERIT'")
                .hasMessageContaining("schema.registry.ssl.truststore.type must be PKCS12 or JKS, was 'PEM'");
    }

    private static KafkaOptions parse(Map<String, String> env, String... args) {
        Probe probe = new Probe();
        CommandLine cl = new CommandLine(probe);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.parseArgs(args);
        return probe.kafka;
    }

    private static Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
