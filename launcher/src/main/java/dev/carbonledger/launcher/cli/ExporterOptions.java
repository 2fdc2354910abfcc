package dev.carbonledger.launcher.cli;

import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.sinks.prometheus.ExporterConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How the sinks' /metrics endpoint is protected and which labels the emission metrics carry. Secrets are read from
 * files only, so they never show in a process listing; every option also reads CARBON_LEDGER_METRICS_*.
 */
public final class ExporterOptions {
    @Option(names = "--metrics-username", paramLabel = "USER",
            description = "Basic-auth user required on the exporter's port (with --metrics-password-file)")
    String username;

    @Option(names = "--metrics-password-file", paramLabel = "FILE", description = "File holding the basic-auth password")
    Path passwordFile;

    @Option(names = "--metrics-tls-keystore", paramLabel = "FILE", description = "PKCS12 or JKS keystore: serve /metrics over HTTPS")
    Path tlsKeystore;

    @Option(names = "--metrics-tls-password-file", paramLabel = "FILE", description = "File holding the keystore's password")
    Path tlsPasswordFile;

    @Option(names = "--metrics-tls-type", defaultValue = "PKCS12", description = "Keystore type (default: ${DEFAULT-VALUE})")
    String tlsType;

    @Option(names = "--metrics-labels", split = ",", paramLabel = "LABEL[,...]",
            description = "Labels of the emission metrics, an allow-list of team, model, namespace, grid_zone (default: all of them)")
    List<String> labels = new ArrayList<>();

    /** Applies auth, TLS and labels; files are read here so that a missing one fails at start, all problems at once. */
    public ExporterConfig.Builder applyTo(ExporterConfig.Builder builder) {
        List<String> errors = new ArrayList<>();
        if ((username == null) != (passwordFile == null)) {
            errors.add("--metrics-username and --metrics-password-file go together");
        } else if (username != null) {
            String password = SecretFiles.read("--metrics-password-file", passwordFile, errors);
            if (password != null) {
                builder.basicAuth(new ExporterConfig.BasicAuth(username, password));
            }
        }
        if (tlsKeystore != null) {
            if (tlsPasswordFile == null) {
                errors.add("--metrics-tls-keystore needs --metrics-tls-password-file");
            } else {
                String password = SecretFiles.read("--metrics-tls-password-file", tlsPasswordFile, errors);
                if (password != null) {
                    builder.tls(new TlsKeystore(tlsKeystore, password, tlsType));
                }
            }
        }
        if (!labels.isEmpty()) {
            builder.emissionLabels(new LinkedHashSet<>(labels.stream().map(String::strip).toList()));
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return builder;
    }
}
