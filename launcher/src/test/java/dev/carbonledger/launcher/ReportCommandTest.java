package dev.carbonledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carbon-ledger report} on the command line: bad usage exits 2 with a message, a failed run 1. */
class ReportCommandTest {
    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cl = CarbonLedger.commandLine(Map.of());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void shouldExitWith2AndNameTheBadDate(@TempDir Path dir) {
        int code = run("report", "--from", "yesterday", "--to", "2024-03-01", "--output", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("carbon-ledger report: invalid configuration:")
                .contains("--from 'yesterday' is not a date YYYY-MM-DD or an RFC 3339 instant (for example 2024-03-01 or 2024-03-01T10:00:00Z)");
    }

    @Test
    void shouldExitWith2WhenTheRangeIsEmpty(@TempDir Path dir) {
        int code = run("report", "--from", "2024-03-02", "--to", "2024-03-01", "--output", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--to must be after --from");
    }

    @Test
    void shouldReportEveryBadOptionAtOnce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");

        int code = run("report", "--from", "2024-03-01T10:00", "--to", "2024-03-01", "--output", file.toString(),
                "--accounting-signal", "median", "--default-intensity", "-1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--from '2024-03-01T10:00' is not an RFC 3339 instant")
                .contains("exists and is not a directory").contains("intensity signal must be average or marginal")
                .contains("--default-intensity must be a finite number >= 0");
    }

    @Test
    void shouldRequireTheRangeAndTheOutput() {
        assertThat(run("report", "--from", "2024-03-01")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required options").contains("--to").contains("--output");
    }

    @Test
    void shouldExitWith1WithoutAStackTraceWhenKafkaCannotBeReached(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        int code = run("report", "--from", "2024-03-01", "--to", "2024-03-01", "--output", dir.resolve("out").toString(),
                "--bootstrap-servers", "127.0.0.1:" + port, "--schema-registry-url", "http://127.0.0.1:" + port,
                "--timeout", "2s");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("carbon-ledger report: failed: cannot reach Kafka at 127.0.0.1:" + port)
                .doesNotContain("\tat ");
    }

    @Test
    void shouldExitWith2ForAnUnusableBootstrapAddress(@TempDir Path dir) {
        int code = run("report", "--from", "2024-03-01", "--to", "2024-03-01", "--output", dir.toString(),
                "--bootstrap-servers", "no port here");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("invalid Kafka client settings").doesNotContain("\tat ");
    }

    @Test
    void shouldOfferHelp() {
        assertThat(run("report", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: carbon-ledger report").contains("--from").contains("--team")
                .contains("--bootstrap-servers");
    }
}
