package dev.carbonledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CarbonLedgerCliTest {

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = CarbonLedger.commandLine(env);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void shouldRejectAnUnknownOptionWithExitCode2() {
        int code = run(Map.of(), "replay", "--input", "x", "--output", "y", "--no-such-option");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void shouldRejectABadDurationWithExitCode2() {
        int code = run(Map.of(), "replay", "--input", "x", "--output", "y", "--window", "often");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("'often' is not a duration");
    }

    @Test
    void shouldRejectABadValueFromTheEnvironmentWithExitCode2() {
        int code = run(Map.of("CARBON_LEDGER_PARTITIONS", "many"), "topics", "describe");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--partitions").contains("many");
    }

    @Test
    void shouldReportEveryInvalidReplaySettingAtOnce(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        int code = run(Map.of(), "replay", "--input", notADirectory.toString(), "--output", dir.resolve("out").toString(),
                "--partitions", "0", "--default-pue", "-1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("is not a directory").contains("--partitions must be >= 1")
                .contains("--default-pue must be a finite number > 0");
    }

    @Test
    void shouldRequireASubcommand() {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(err.toString()).contains("a subcommand is required");
    }

    @Test
    void shouldOfferHelpForEverySubcommand() {
        for (String sub : new String[] {"standalone", "collector", "streams", "sinks", "replay", "topics", "tail", "bench",
                "report", "wait-for-window"}) {
            out.getBuffer().setLength(0);
            assertThat(run(Map.of(), sub, "--help")).as(sub).isZero();
            assertThat(out.toString()).as(sub).contains("Usage: carbon-ledger " + sub);
        }
    }
}
