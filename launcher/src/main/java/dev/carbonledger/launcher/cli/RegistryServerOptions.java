package dev.carbonledger.launcher.cli;

import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.schemas.tls.TlsKeystore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How the embedded schema registry ({@code standalone}) is protected: basic auth and HTTPS, named as the exporter's
 * and the policy server's options are. Secrets are read from files only, so they never show in a process listing;
 * every option also reads CARBON_LEDGER_REGISTRY_*.
 */
public final class RegistryServerOptions {
    @Option(names = "--registry-username", paramLabel = "USER",
            description = "Basic-auth user the schema registry requires (with --registry-password-file)")
    String username;

    @Option(names = "--registry-password-file", paramLabel = "FILE", description = "File holding the basic-auth password")
    Path passwordFile;

    @Option(names = "--registry-tls-keystore", paramLabel = "FILE",
            description = "PKCS12 or JKS keystore: serve the schema registry over HTTPS")
    Path tlsKeystore;

    @Option(names = "--registry-tls-password-file", paramLabel = "FILE", description = "File holding the keystore's password")
    Path tlsPasswordFile;

    @Option(names = "--registry-tls-type", defaultValue = "PKCS12", description = "Keystore type (default: ${DEFAULT-VALUE})")
    String tlsType;

    /**
     * Applies auth and TLS; the files are read here so that a missing one fails at start, all problems at once. The
     * keystore itself is loaded when the registry starts.
     */
    public EmbeddedRegistryConfig applyTo(EmbeddedRegistryConfig config) {
        List<String> errors = new ArrayList<>();
        EmbeddedRegistryConfig result = config;
        if ((username == null) != (passwordFile == null)) {
            errors.add("--registry-username and --registry-password-file go together");
        } else if (username != null) {
            String password = SecretFiles.read("--registry-password-file", passwordFile, errors);
            if (password != null) {
                result = result.withBasicAuth(username, password);
            }
        }
        if (tlsKeystore != null) {
            if (tlsPasswordFile == null) {
                errors.add("--registry-tls-keystore needs --registry-tls-password-file");
            } else {
                String password = SecretFiles.read("--registry-tls-password-file", tlsPasswordFile, errors);
                if (password != null) {
                    result = result.withTls(new TlsKeystore(tlsKeystore, password, tlsType));
                }
            }
        } else if (tlsPasswordFile != null) {
            errors.add("--registry-tls-password-file needs --registry-tls-keystore");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return result;
    }
}
