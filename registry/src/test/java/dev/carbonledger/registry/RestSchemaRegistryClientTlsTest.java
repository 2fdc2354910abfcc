package dev.carbonledger.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.registry.SchemaStore;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client over TLS against the registry's HTTP handler served by an HTTPS server with a fresh certificate. */
class RestSchemaRegistryClientTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path truststore;
    private static SSLContext serverContext;
    private HttpsServer server;

    /** One key pair for the class: keytool is a JVM start each time. */
    @BeforeAll
    static void createCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        truststore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(factory.getKeyManagers(), null, null);
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", new RegistryHttpHandler(SchemaStore.inMemory()));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldRegisterOverTlsWhenServerCertificateIsInTruststore() {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.fromProperties(java.util.Map.of(
                "url", url, "ssl.truststore.location", truststore.toString(), "ssl.truststore.password", PASSWORD)));

        int id = client.register("s-value", Schema.create(Schema.Type.STRING));

        assertThat(id).isEqualTo(1);
        assertThat(client.subjects()).containsExactly("s-value");
    }

    @Test
    void shouldFailWhenServerCertificateIsNotTrusted() {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(url)
                .retries(0, Duration.ofMillis(5), Duration.ofMillis(5)).build());

        assertThatThrownBy(client::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.status()).isEqualTo(-1)).hasMessageContaining(url);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
