package dev.carbonledger.launcher;

import java.util.Map;
import picocli.CommandLine;

/** The command line as {@code main} builds it, for tests in other packages (output and error streams replaceable). */
public final class CarbonLedgerTestAccess {
    private CarbonLedgerTestAccess() {}

    public static CommandLine commandLine(Map<String, String> environment) {
        return CarbonLedger.commandLine(environment);
    }
}
