package dev.carbonledger.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.registry.SchemaStore;
import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.testsupport.TestCertificates;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client over TLS against the registry's HTTP handler served by an HTTPS server with a fresh certificate. */
class RestSchemaRegistryClientTlsTest {

    @TempDir
    static Path dir;
    private static Path truststore;
    private static String password;
    private static SSLContext serverContext;
    private HttpsServer server;

    /** One key pair for the class: keytool is a JVM start each time. */
    @BeforeAll
    static void createCertificate() {
        TestCertificates certificates = TestCertificates.generate(dir, List.of("registry"));
        truststore = certificates.trustStore();
        password = certificates.password();
        serverContext = new TlsKeystore(certificates.keyStore("registry"), password, "PKCS12").sslContext();
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
                "url", url, "ssl.truststore.location", truststore.toString(), "ssl.truststore.password", password)));

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
}
