package dev.carbonledger.launcher.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CarbonLedgerTestAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The step's usage errors and its behaviour when the policy server cannot be asked (no server needed). */
class WaitForWindowCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = CarbonLedgerTestAccess.commandLine(Map.of());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String deadline() {
        return Instant.now().plus(Duration.ofHours(8)).toString();
    }

    @Test
    void shouldReportEveryBadValueAtOnceWithExitCode2() {
        int code = run("wait-for-window", "--zone", "DE", "--duration", "0s", "--deadline", "tomorrow",
                "--max-delay", "90m", "--on-unavailable", "maybe");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--deadline 'tomorrow' is not an RFC 3339 UTC time like 2026-12-01T06:00:00Z")
                .contains("--duration must be positive")
                .contains("--on-unavailable must be run or fail, got 'maybe'")
                .doesNotContain("Exception");
    }

    @Test
    void shouldRefuseADeadlineThatHasPassed() {
        assertThat(run("wait-for-window", "--zone", "DE", "--duration", "1h", "--deadline", "2020-01-01T00:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("--deadline 2020-01-01T00:00:00Z has passed");
    }

    @Test
    void shouldGoAtOnceWhenThePolicyServerCannotBeAskedUnlessToldToFail() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        int go = run("wait-for-window", "--zone", "DE", "--duration", "1h", "--deadline", deadline(), "--max-delay", "1h",
                "--policy-url", url, "--job-id", "j1", "--no-record");
        assertThat(go).isZero();
        assertThat(out.toString()).startsWith("GO job j1 now: the policy server cannot be asked");

        int fail = run("wait-for-window", "--zone", "DE", "--duration", "1h", "--deadline", deadline(), "--max-delay", "1h",
                "--policy-url", url, "--job-id", "j2", "--no-record", "--on-unavailable", "fail");
        assertThat(fail).isEqualTo(1);
        assertThat(err.toString()).contains("cannot be reached").contains("(--on-unavailable fail)");
    }
}
