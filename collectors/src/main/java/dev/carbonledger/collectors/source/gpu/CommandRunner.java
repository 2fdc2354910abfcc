package dev.carbonledger.collectors.source.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command and returns its standard output; a seam so that tests replay recorded outputs. */
@FunctionalInterface
public interface CommandRunner {

    String run(List<String> command) throws IOException;

    /** Runs the command as a child process, failing on a non-zero exit or after {@code timeout}. */
    static CommandRunner process(Duration timeout) {
        return command -> {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(command.get(0) + " did not finish within " + timeout);
                }
                String text = new String(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IOException(command.get(0) + " exited with " + process.exitValue() + ": " + text.strip());
                }
                return text;
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(command.get(0) + " interrupted", e);
            }
        };
    }
}
