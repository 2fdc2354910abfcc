package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CarbonLedgerTestAccess;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code replay} and {@code bench} take {@code --kafka-config FILE} and hand its settings to their Kafka clients: a
 * file that asks for TLS against the plaintext test broker makes the run fail at its first client call, with the
 * reason; without the file the same cluster works (ReplayIT, the bench test).
 */
@WithKafkaBroker
class KafkaConfigOptionIT {
    private final KafkaTestBroker kafka;

    @TempDir
    Path dir;

    KafkaConfigOptionIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    private record Run(int exit, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CarbonLedgerTestAccess.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    private Path tlsConfig() throws Exception {
        return Files.writeString(dir.resolve("client.properties"), """
                security.protocol=SSL
                default.api.timeout.ms=3000
                request.timeout.ms=1000
                """);
    }

    @Test
    void shouldPassTheReplayKafkaConfigToItsClients() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));

        Run r = run("replay", "--input", input.toString(), "--output", dir.resolve("out").toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", tlsConfig().toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("carbon-ledger replay: failed:");

        // The same run without the file works: the file's settings made the difference.
        Run control = run("replay", "--input", input.toString(), "--output", dir.resolve("out2").toString(),
                "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(control.exit()).as(control.err()).isZero();
    }

    @Test
    void shouldPassTheBenchKafkaConfigToItsClients() throws Exception {
        Run r = run("bench", "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", tlsConfig().toString(),
                "--pods", "10", "--rounds", "1", "--warmup-rounds", "1", "--work-dir", dir.resolve("bench").toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("carbon-ledger bench: failed:");
    }

    @Test
    void shouldNameAnUnreadableKafkaConfig() {
        Run r = run("replay", "--input", dir.toString(), "--output", dir.resolve("out").toString(),
                "--kafka-config", dir.resolve("missing.properties").toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read --kafka-config").contains("missing.properties");
    }
}
