package dev.carbonledger.sinks.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code promtool}; tests that need it are skipped, with the reason, only when it is absent. */
public final class Promtool {
    /** What {@code promtool check metrics} printed and its exit code. */
    public record Result(int exitCode, String output) {}

    private Promtool() {}

    public static Optional<Path> onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static Path require(String binary, String debianPackage) {
        Optional<Path> found = onPath(binary);
        assumeTrue(found.isPresent(), binary + " is not on PATH; install the Debian package '" + debianPackage
                + "' (CI does) to run this test");
        return found.get();
    }

    /** Pipes an exposition into {@code promtool check metrics}. */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        Path promtool = require("promtool", "prometheus");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool check metrics did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }
}
