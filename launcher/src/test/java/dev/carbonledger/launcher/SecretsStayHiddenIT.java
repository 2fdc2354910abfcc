package dev.carbonledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.carbonledger.schemas.registry.RestRegistryConfig;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted secrets — provider keys and passwords, a Kafka SASL password, registry credentials in a URL, the policy
 * server's token, the embedded registry's basic-auth and keystore passwords — never show in what the packaged CLI
 * prints: logs (stderr), stdout, {@code --help} and {@code /metrics}. The providers here are hostile: they answer 401 and echo every request header back, so a
 * secret would reach an error message if anything quoted the answer unredacted.
 */
class SecretsStayHiddenIT {
    private static final String EM_TOKEN = "PLANTED-EM-TOKEN-7f3a";
    private static final String WT_PASSWORD = "PLANTED-WT-PASSWORD-91c2";
    private static final String SASL_PASSWORD = "PLANTED-SASL-PASSWORD-4d8e";
    private static final String REGISTRY_PASSWORD = "PLANTED-REGISTRY-PASSWORD-b5a0";
    private static final String POLICY_TOKEN = "PLANTED-POLICY-TOKEN-22e9";
    private static final String REGISTRY_SERVER_PASSWORD = "PLANTED-REGISTRY-SERVER-PASSWORD-6c1d";
    private static final String REGISTRY_KEYSTORE_PASSWORD = "PLANTED-REGISTRY-KEYSTORE-PASSWORD-e83f";
    private static final List<String> SECRETS = List.of(EM_TOKEN, WT_PASSWORD, SASL_PASSWORD, REGISTRY_PASSWORD, POLICY_TOKEN,
            REGISTRY_SERVER_PASSWORD, REGISTRY_KEYSTORE_PASSWORD);

    @TempDir
    Path tmp;
    private HttpServer echo;
    private final List<String> echoed = new ArrayList<>();

    @BeforeEach
    void startEchoingProvider() throws IOException {
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", exchange -> {
            StringBuilder body = new StringBuilder("{\"error\":\"not authorized\",\"you sent\":\"");
            exchange.getRequestHeaders().forEach((k, v) -> body.append(k).append('=').append(v).append(' '));
            body.append(exchange.getRequestURI()).append("\"}");
            synchronized (echoed) {
                echoed.add(body.toString());
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        echo.start();
    }

    @AfterEach
    void stop() {
        echo.stop(0);
    }

    @Test
    void shouldKeepPlantedSecretsOutOfLogsOutputAndMetricsOfARunningCollector() throws Exception {
        int healthPort = freePort();
        Path kafkaConfig = Files.writeString(tmp.resolve("kafka.properties"), String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"collector\" "
                        + "password=\"" + SASL_PASSWORD + "\";"));
        String providers = "http://127.0.0.1:" + echo.getAddress().getPort();
        Map<String, String> env = Map.of(
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo",
                "CARBON_LEDGER_COLLECTOR_INTENSITY_PROVIDERS", "electricitymaps,watttime",
                "CARBON_LEDGER_COLLECTOR_INTENSITY_ZONES", "DE",
                "CARBON_LEDGER_COLLECTOR_ELECTRICITYMAPS_URL", providers,
                "CARBON_LEDGER_COLLECTOR_ELECTRICITYMAPS_TOKEN", EM_TOKEN,
                "CARBON_LEDGER_COLLECTOR_WATTTIME_URL", providers,
                "CARBON_LEDGER_COLLECTOR_WATTTIME_USERNAME", "carbon-user",
                "CARBON_LEDGER_COLLECTOR_WATTTIME_PASSWORD", WT_PASSWORD,
                "CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "CARBON_LEDGER_SCHEMA_REGISTRY_URL", "http://registry-user:" + REGISTRY_PASSWORD + "@127.0.0.1:1/");

        Process collector = start(env, "collector", "--health-port", Integer.toString(healthPort), "--kafka-config",
                kafkaConfig.toString());
        String metrics = "";
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (metrics.isEmpty() || echoedCount() < 2)) {
                metrics = scrape(healthPort);
                Thread.sleep(500);
            }
            Thread.sleep(2_000);   // let the failures be logged
            metrics = scrape(healthPort);
        } finally {
            collector.destroy();   // SIGTERM: a clean stop, with its logs
            assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String out = Files.readString(tmp.resolve("stdout"));
        String err = Files.readString(tmp.resolve("stderr"));

        // The hostile providers were asked (with the secrets) and answered with them ...
        assertThat(echoedCount()).as("provider requests").isGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", echoed)).contains(EM_TOKEN);
        // ... the collector ran, reported the failures and served its metrics ...
        assertThat(err).contains("electricitymaps").contains("401");
        assertThat(metrics).contains("carbon_ledger_build_info");
        // ... and no planted secret is anywhere in what it printed or served.
        assertNoSecret("stderr", err);
        assertNoSecret("stdout", out);
        assertNoSecret("/metrics", metrics);
    }

    @Test
    void shouldKeepSecretsFromTheEnvironmentOutOfEveryHelpText() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), POLICY_TOKEN + "\n");
        Path registryPasswordFile = Files.writeString(tmp.resolve("registry-password"), REGISTRY_SERVER_PASSWORD + "\n");
        Path keystorePasswordFile = Files.writeString(tmp.resolve("keystore-password"), REGISTRY_KEYSTORE_PASSWORD + "\n");
        Map<String, String> env = Map.of(
                "CARBON_LEDGER_SCHEMA_REGISTRY_URL", "http://registry-user:" + REGISTRY_PASSWORD + "@127.0.0.1:1/",
                "CARBON_LEDGER_KAFKA_PROPERTY", "sasl.jaas.config=x password=\"" + SASL_PASSWORD + "\";",
                "CARBON_LEDGER_POLICY_TOKEN_FILE", tokenFile.toString(),
                "CARBON_LEDGER_REGISTRY_PASSWORD_FILE", registryPasswordFile.toString(),
                "CARBON_LEDGER_REGISTRY_TLS_PASSWORD_FILE", keystorePasswordFile.toString(),
                "CARBON_LEDGER_COLLECTOR_ELECTRICITYMAPS_TOKEN", EM_TOKEN,
                "CARBON_LEDGER_COLLECTOR_WATTTIME_PASSWORD", WT_PASSWORD);
        for (List<String> command : List.of(List.of("--help"), List.of("collector", "--help"), List.of("streams", "--help"),
                List.of("sinks", "--help"), List.of("standalone", "--help"), List.of("replay", "--help"),
                List.of("tail", "--help"), List.of("budgets", "list", "--help"), List.of("wait-for-window", "--help"),
                List.of("compare-models", "--help"), List.of("acls", "--help"))) {
            Process help = start(env, command.toArray(String[]::new));
            assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(tmp.resolve("stdout"));
            assertThat(out).as("help of %s", command).contains("Usage");
            assertNoSecret(String.join(" ", command), out + Files.readString(tmp.resolve("stderr")));
        }
    }

    /**
     * standalone with its registry on HTTPS and basic auth, both passwords from files named in the environment: the
     * registry answers over TLS to a client that trusts it and knows the password (the subjects the in-process parts
     * registered), refuses a wrong password, and no password is in anything printed.
     */
    @Test
    void shouldKeepTheRegistryPasswordsOutOfTheOutputOfAStandaloneServingTls() throws Exception {
        // keytool rather than TestCertificates: the keystore's password is itself a planted secret.
        Path keystore = tmp.resolve("registry.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", REGISTRY_KEYSTORE_PASSWORD);
        Path truststore = trusting(keystore);
        int registryPort = freePort();
        Map<String, String> env = Map.of(
                "CARBON_LEDGER_REGISTRY_USERNAME", "ledger",
                "CARBON_LEDGER_REGISTRY_PASSWORD_FILE",
                Files.writeString(tmp.resolve("registry-password"), REGISTRY_SERVER_PASSWORD + "\n").toString(),
                "CARBON_LEDGER_REGISTRY_TLS_KEYSTORE", keystore.toString(),
                "CARBON_LEDGER_REGISTRY_TLS_PASSWORD_FILE",
                Files.writeString(tmp.resolve("keystore-password"), REGISTRY_KEYSTORE_PASSWORD + "\n").toString());

        Process standalone = start(env, "standalone", "--data-dir", tmp.resolve("data").toString(),
                "--kafka-port", Integer.toString(freePort()), "--controller-port", Integer.toString(freePort()),
                "--registry-port", Integer.toString(registryPort), "--metrics-port", Integer.toString(freePort()),
                "--policy-port", "-1", "--summary-interval", "0s");
        String url = "https://127.0.0.1:" + registryPort;
        List<String> subjects;
        SchemaRegistryException wrongPassword;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && standalone.isAlive()
                    && !Files.readString(tmp.resolve("stdout")).contains("READY in")) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(tmp.resolve("stdout"))).as("standalone output; stderr: %s",
                    Files.readString(tmp.resolve("stderr"))).contains("READY in")
                    .contains("Schema registry   " + url + "/subjects  (basic auth, user ledger)");
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(RestRegistryConfig.builder(url)
                    .truststore(truststore, "changeit").basicAuth("ledger", REGISTRY_SERVER_PASSWORD).build());
            subjects = client.subjects();
            wrongPassword = catchThrowableOfType(SchemaRegistryException.class, () -> new RestSchemaRegistryClient(
                    RestRegistryConfig.builder(url).truststore(truststore, "changeit").basicAuth("ledger", "guess")
                    .retries(0, Duration.ofMillis(10), Duration.ofMillis(10)).build()).subjects());
        } finally {
            standalone.destroy();   // SIGTERM: a clean stop, with its logs
            assertThat(standalone.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(subjects).as("registered by the in-process parts, served over HTTPS").contains("carbon.pods-value");
        assertThat(wrongPassword).isNotNull();
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertNoSecret("stdout", Files.readString(tmp.resolve("stdout")));
        assertNoSecret("stderr", Files.readString(tmp.resolve("stderr")));
    }

    /** A truststore (password changeit) holding the certificate of the keystore. */
    private Path trusting(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, REGISTRY_KEYSTORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("registry", keys.getCertificate("registry"));
        Path truststore = tmp.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, "changeit".toCharArray());
        }
        return truststore;
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

    private int echoedCount() {
        synchronized (echoed) {
            return echoed.size();
        }
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            assertThat(text).as("%s must not contain a planted secret", where).doesNotContain(secret);
        }
        assertThat(text).as("%s must not contain the planted secrets' common prefix", where).doesNotContain("PLANTED-");
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of("target", "carbon-ledger.jar").toAbsolutePath();
        assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(tmp.resolve("stdout").toFile())
                .redirectError(tmp.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CARBON_LEDGER"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String scrape(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
