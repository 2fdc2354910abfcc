package dev.carbonledger.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real {@code carbon-ledger} command line in this JVM with a given environment, capturing what it prints. */
public final class CommandLines {
    /** The exit code and what the run printed on stdout and stderr. */
    public record Run(int exitCode, String out, String err) {}

    private CommandLines() {}

    public static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = CarbonLedger.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
