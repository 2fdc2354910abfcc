package dev.carbonledger.registry;

import dev.carbonledger.schemas.registry.CompatibilityLevel;
import dev.carbonledger.schemas.tls.TlsKeystore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of the {@link EmbeddedSchemaRegistry}.
 *
 * @param host                 interface to bind, e.g. {@code 127.0.0.1}
 * @param port                 TCP port; 0 picks a free one (see {@link EmbeddedSchemaRegistry#port()})
 * @param defaultCompatibility level that applies until one is set through {@code PUT /config}
 * @param username             basic-auth user required on every request, or null for none
 * @param password             basic-auth password, required with a username
 * @param threads              HTTP worker threads (>= 1)
 * @param tls                  keystore to serve HTTPS with, or null for plain HTTP; it is loaded by
 *                             {@link EmbeddedSchemaRegistry#start()}, which fails naming it when it is unusable
 */
public record EmbeddedRegistryConfig(String host, int port, CompatibilityLevel defaultCompatibility,
                                     String username, String password, int threads, TlsKeystore tls) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    private static final Set<String> KEYSTORE_TYPES = Set.of("PKCS12", "JKS");

    public EmbeddedRegistryConfig {
        List<String> errors = new ArrayList<>();
        if (host == null || host.isBlank()) {
            errors.add("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            errors.add("port must be within 0..65535, was " + port);
        }
        if (defaultCompatibility == null) {
            errors.add("defaultCompatibility must be set");
        }
        if ((username == null) != (password == null)) {
            errors.add("username and password must be given together");
        }
        if (username != null && (username.isEmpty() || username.contains(":"))) {
            errors.add("username must be non-empty and must not contain ':'");
        }
        if (threads < 1) {
            errors.add("threads must be >= 1, was " + threads);
        }
        if (tls != null && !KEYSTORE_TYPES.contains(tls.type().toUpperCase(Locale.ROOT))) {
            errors.add("TLS keystore type must be PKCS12 or JKS, was '" + tls.type() + "'");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid embedded schema registry config: " + String.join("; ", errors));
        }
    }

    /** 127.0.0.1, the given port, BACKWARD, no authentication, plain HTTP, 4 threads. */
    public static EmbeddedRegistryConfig of(int port) {
        return new EmbeddedRegistryConfig(DEFAULT_HOST, port, CompatibilityLevel.BACKWARD, null, null, 4, null);
    }

    /** 127.0.0.1 on an ephemeral port, BACKWARD, no authentication, plain HTTP. */
    public static EmbeddedRegistryConfig ephemeral() {
        return of(0);
    }

    public EmbeddedRegistryConfig withHost(String newHost) {
        return new EmbeddedRegistryConfig(newHost, port, defaultCompatibility, username, password, threads, tls);
    }

    public EmbeddedRegistryConfig withPort(int newPort) {
        return new EmbeddedRegistryConfig(host, newPort, defaultCompatibility, username, password, threads, tls);
    }

    public EmbeddedRegistryConfig withDefaultCompatibility(CompatibilityLevel level) {
        return new EmbeddedRegistryConfig(host, port, level, username, password, threads, tls);
    }

    public EmbeddedRegistryConfig withBasicAuth(String user, String pass) {
        return new EmbeddedRegistryConfig(host, port, defaultCompatibility, user, pass, threads, tls);
    }

    /** Serve HTTPS with this keystore (null: plain HTTP). */
    public EmbeddedRegistryConfig withTls(TlsKeystore keystore) {
        return new EmbeddedRegistryConfig(host, port, defaultCompatibility, username, password, threads, keystore);
    }

    @Override
    public String toString() {
        return "EmbeddedRegistryConfig[host=" + host + ", port=" + port + ", defaultCompatibility="
                + defaultCompatibility + ", basicAuth=" + (username != null) + ", threads=" + threads
                + ", tls=" + (tls == null ? "none" : tls) + "]";
    }
}
