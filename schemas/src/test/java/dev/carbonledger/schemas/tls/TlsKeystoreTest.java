package dev.carbonledger.schemas.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a server keystore, and the one sentence a bad one fails with: the path named, the password never. */
class TlsKeystoreTest {
    private static final String PASSWORD = "PASSWORD-of-the-test-keystore";

    @TempDir
    static Path dir;
    private static Path keystore;

    /** One key pair for the class: keytool is a JVM start each time. */
    @BeforeAll
    static void createKeystore() throws Exception {
        keystore = dir.resolve("server.p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(process.exitValue()).as("keytool: %s", output).isZero();
    }

    @Test
    void shouldBuildAServerContextWhenTheKeystoreAndPasswordAreRight() {
        SSLContext context = new TlsKeystore(keystore, PASSWORD, "PKCS12").sslContext();

        assertThat(context.getProtocol()).isEqualTo("TLS");
        assertThat(context.createSSLEngine().getSupportedCipherSuites()).isNotEmpty();
    }

    @Test
    void shouldNameThePathButNotThePasswordWhenThePasswordIsWrong() {
        assertThatThrownBy(() -> new TlsKeystore(keystore, "wrong-" + PASSWORD, "PKCS12").sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot load TLS keystore " + keystore + " (type PKCS12): the password is wrong")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void shouldSayTheFileIsMissingWhenItDoesNotExist() {
        Path missing = dir.resolve("missing.p12");

        assertThatThrownBy(() -> new TlsKeystore(missing, PASSWORD, "PKCS12").sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot load TLS keystore " + missing + " (type PKCS12): the file does not exist");
    }

    @Test
    void shouldSayItIsNotAKeystoreWhenTheFileIsSomethingElse() throws IOException {
        Path text = Files.writeString(dir.resolve("not-a-keystore.p12"), "-----BEGIN CERTIFICATE-----\n");

        assertThatThrownBy(() -> new TlsKeystore(text, PASSWORD, "PKCS12").sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot load TLS keystore " + text + " (type PKCS12): it is not a PKCS12 keystore")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void shouldRejectAnUnknownKeystoreType() {
        assertThatThrownBy(() -> new TlsKeystore(keystore, PASSWORD, "PEM").sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot load TLS keystore " + keystore + " (type PEM): the keystore type must be PKCS12 or JKS");
    }

    @Test
    void shouldSayItHoldsNoKeyWhenATruststoreIsGiven() throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.getCertificate("server"));
        Path truststore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, PASSWORD.toCharArray());
        }

        assertThatThrownBy(() -> new TlsKeystore(truststore, PASSWORD, "PKCS12").sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(truststore.toString()).hasMessageContaining("holds no private key");
    }

    @Test
    void shouldNeverPrintThePassword() {
        assertThat(new TlsKeystore(keystore, PASSWORD, "PKCS12").toString()).doesNotContain(PASSWORD).contains("password=***");
    }
}
