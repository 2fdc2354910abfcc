package dev.carbonledger.testsupport;

import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerProcess;
import dev.carbonledger.broker.BrokerSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A secured broker in a child JVM: passwords travel in an owner-only file, never on the command line or in its log. */
class SecureBrokerProcessIT {

    @Test
    void shouldServeSaslSslFromAChildJvmWithoutShowingThePassword(@TempDir Path dir) throws Exception {
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"), List.of("broker"));
        String password = "pw-" + UUID.randomUUID();
        BrokerConfig config = BrokerConfig.builder(dir.resolve("kafka")).port(0).controllerPort(0)
                .security(BrokerSecurity.builder().saslSslPort(0).keyStore(tls.keyStore("broker"), tls.password())
                        .scramUser("app", password).build())
                .build();

        try (BrokerProcess broker = BrokerProcess.start(config)) {
            Path securityFile = broker.dataDir().resolve(BrokerProcess.SECURITY_FILE);
            // ProcessHandle.Info truncates long command lines; /proc has all of it (what ps shows other users)
            Path procCommandLine = Path.of("/proc", Long.toString(broker.pid()), "cmdline");
            assumeTrue(Files.isReadable(procCommandLine), "needs Linux /proc");
            String commandLine = new String(Files.readAllBytes(procCommandLine), StandardCharsets.UTF_8).replace('\0', ' ');
            String saslPort = Files.readAllLines(securityFile).stream().filter(l -> l.startsWith("sasl.ssl.port="))
                    .findFirst().orElseThrow().substring("sasl.ssl.port=".length());

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + saslPort,
                    "security.protocol", "SASL_SSL", "sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM,
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"app\" password=\"" + password + "\";",
                    "ssl.truststore.location", tls.trustStore().toString(), "ssl.truststore.password", tls.password(),
                    "ssl.truststore.type", TestCertificates.STORE_TYPE))) {
                assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(Files.getPosixFilePermissions(securityFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(commandLine).contains("--security-config").doesNotContain(password).doesNotContain(tls.password());
            assertThat(Files.readString(broker.logFile(), StandardCharsets.UTF_8)).contains("READY")
                    .contains("sasl_ssl.port=" + saslPort).doesNotContain(password).doesNotContain(tls.password());
        }
    }
}
