package dev.carbonledger.launcher.cli;

import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.sinks.policy.PolicyServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the policy server listens and how it is protected; shared by {@code sinks} and {@code standalone}. */
public final class PolicyServerOptions {
    @Option(names = "--policy-port", defaultValue = "8090",
            description = "Port of the policy server (gate, forecasts, windows, KEDA views); -1 = no policy server (default: ${DEFAULT-VALUE})")
    public int port;

    @Option(names = "--policy-token-file", paramLabel = "FILE",
            description = "File holding a bearer token the policy server requires (except on /openapi.json, /livez, /readyz)")
    Path tokenFile;

    @Option(names = "--policy-tls-keystore", paramLabel = "FILE", description = "PKCS12 or JKS keystore: serve the policy server over HTTPS")
    Path tlsKeystore;

    @Option(names = "--policy-tls-password-file", paramLabel = "FILE", description = "File holding the keystore's password")
    Path tlsPasswordFile;

    @Option(names = "--policy-tls-type", defaultValue = "PKCS12", description = "Keystore type (default: ${DEFAULT-VALUE})")
    String tlsType;

    @Option(names = "--policy-rate-limit", paramLabel = "N",
            description = "Requests a second one client address may send to the policy server, on average (bursts of"
                    + " twice that; beyond it: 429 with Retry-After); 0 = no limit (default: 100; standalone on a loopback"
                    + " --host, the default: no limit)")
    Integer rateLimit;

    public boolean enabled() {
        return port >= 0;
    }

    /** Applies the port, token and TLS settings; every file is read here so that a missing one fails at start. */
    public PolicyServerConfig.Builder applyTo(PolicyServerConfig.Builder builder) {
        return applyTo(builder, PolicyServerConfig.DEFAULT_REQUESTS_PER_SECOND);
    }

    /**
     * As {@link #applyTo(PolicyServerConfig.Builder)} for a server on a loopback address (standalone's default): no rate
     * limit unless one is given, for the only client is the user's own machine (scripts and tests that ask it in a
     * loop).
     */
    public PolicyServerConfig.Builder applyToLoopback(PolicyServerConfig.Builder builder) {
        return applyTo(builder, 0);
    }

    private PolicyServerConfig.Builder applyTo(PolicyServerConfig.Builder builder, int defaultRateLimit) {
        builder.port(port).requestsPerSecond(rateLimit == null ? defaultRateLimit : rateLimit);
        if (tokenFile != null) {
            builder.bearerToken(read(tokenFile, "--policy-token-file"));
        }
        if (tlsKeystore != null) {
            if (tlsPasswordFile == null) {
                throw new IllegalArgumentException("--policy-tls-keystore needs --policy-tls-password-file");
            }
            builder.tls(new TlsKeystore(tlsKeystore, read(tlsPasswordFile, "--policy-tls-password-file"), tlsType));
        }
        return builder;
    }

    private static String read(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
