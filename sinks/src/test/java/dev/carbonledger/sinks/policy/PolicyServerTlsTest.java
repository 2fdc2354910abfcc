package dev.carbonledger.sinks.policy;

import dev.carbonledger.schemas.tls.TlsKeystore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.sinks.policy.HttpCalls.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy server over HTTPS with a self-signed PKCS12 keystore made by keytool for this test. */
class PolicyServerTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static SSLContext clientTls;
    private PolicyHttp server;

    @BeforeAll
    static void createCertificate() throws Exception {
        keystore = dir.resolve("policy.p12");
        keytool("-genkeypair", "-alias", "policy", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(PolicyServerConfig config) {
        server = new PolicyHttp(config, PolicyFixtures.filledState());
        server.start();
    }

    @Test
    void shouldServeTheGateOverHttpsWithTheBearerTokenWhenAKeystoreIsConfigured() throws Exception {
        start(PolicyFixtures.config().bearerToken("tls-token")
                .tls(new TlsKeystore(keystore, PASSWORD, "PKCS12")).build());
        HttpCalls https = new HttpCalls(server.url(), clientTls);

        Answer anonymous = https.get("/v1/gate?team=research");
        Answer gate = https.withToken("tls-token").get("/v1/gate?team=research");
        Answer live = https.withToken(null).get("/livez");

        assertThat(server.url().getScheme()).isEqualTo("https");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(gate.status()).isEqualTo(200);
        assertThat(gate.json().get("decision").asText()).isEqualTo("deny");
        assertThat(live.status()).isEqualTo(200);
    }

    @Test
    void shouldFailTheHandshakeWhenTheClientDoesNotTrustTheCertificate() throws Exception {
        start(PolicyFixtures.config().tls(new TlsKeystore(keystore, PASSWORD, "PKCS12")).build());
        SSLContext defaults = SSLContext.getInstance("TLS");
        defaults.init(null, null, null);

        assertThatThrownBy(() -> new HttpCalls(server.url(), defaults).get("/livez"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void shouldNameTheKeystoreWhenItsPasswordIsWrong() {
        PolicyHttp wrong = new PolicyHttp(PolicyFixtures.config()
                .tls(new TlsKeystore(keystore, "wrong-password", "PKCS12")).build(), PolicyFixtures.filledState());

        assertThatThrownBy(wrong::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot load TLS keystore " + keystore);
        wrong.close();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }
}
