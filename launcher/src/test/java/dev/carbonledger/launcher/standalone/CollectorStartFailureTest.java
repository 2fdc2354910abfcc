package dev.carbonledger.launcher.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CarbonLedgerTestAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A collector that cannot start says why and exits non-zero (2 for bad settings, 1 otherwise), so it is restarted. */
class CollectorStartFailureTest {
    private record Run(int exit, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = CarbonLedgerTestAccess.commandLine(env);
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    void shouldExitTwoNamingTheBadSetting() {
        Run r = run(Map.of("CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "bogus"), "collector", "--health-port", "-1");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("carbon-ledger collector: invalid configuration:").contains("ENERGY_SOURCES")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldExitOneWhenTheHealthPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run(Map.of("CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo", "CARBON_LEDGER_COLLECTOR_POD_SOURCE", "none"),
                    "collector", "--bootstrap-servers", "127.0.0.1:1", "--health-host", "127.0.0.1",
                    "--health-port", Integer.toString(taken.getLocalPort()));

            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("carbon-ledger collector: failed: cannot bind the health endpoint to 127.0.0.1:"
                    + taken.getLocalPort());
        }
    }
}
