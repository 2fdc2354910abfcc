package dev.carbonledger.launcher.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CommandLines;
import dev.carbonledger.launcher.CommandLines.Run;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad usage is refused before any connection is made (the bootstrap address here answers nothing). */
class CompareModelsCliTest {
    private static Run run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 1, args.length);
        all[0] = "compare-models";
        all[all.length - 1] = "--bootstrap-servers=127.0.0.1:1";
        return CommandLines.run(Map.of(), all);
    }

    @Test
    void shouldRefuseAnEmptyRangeWithExitTwo() {
        Run run = run("--models", "a,b", "--from", "-1h", "--to", "-2h");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("the range is empty").doesNotContain("Exception");
    }

    @Test
    void shouldRefuseBadTimesAndRepeatedModels() {
        Run times = run("--models", "a", "--from", "last tuesday");
        assertThat(times.exitCode()).isEqualTo(2);
        assertThat(times.err()).contains("--from 'last tuesday' is not").contains("-24h");
        Run twice = run("--models", "a,a", "--from", "-1h");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("--models lists 'a' twice");
    }

    @Test
    void shouldExplainTheSciFormulaInItsHelp() {
        Run help = CommandLines.run(Map.of(), "compare-models", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Usage: carbon-ledger compare-models")
                .contains("the sum of the parts, not the mean of the windows' ratios");
    }
}
