package dev.carbonledger.schemas.registry;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Settings of the {@link RestSchemaRegistryClient}, validated on construction with every problem reported at once.
 *
 * @param urls               registry base URLs (tried in turn when one fails), e.g. {@code http://127.0.0.1:8081}
 * @param username           basic-auth user, or null (credentials in a URL's user-info are used too)
 * @param password           basic-auth password, required with a username
 * @param sslContext         TLS context to use as is, or null
 * @param truststorePath     truststore (PKCS12 or JKS) for TLS when no sslContext is given, or null for the JDK's
 * @param truststorePassword its password, or null
 * @param keystorePath       client keystore for mutual TLS, or null
 * @param keystorePassword   its password (also the key password), or null
 * @param connectTimeout     TCP/TLS connect timeout
 * @param requestTimeout     timeout of one HTTP request
 * @param maxRetries         retries after the first attempt on I/O errors and 5xx answers (0 = none)
 * @param initialBackoff     wait before the first retry; doubled each retry
 * @param maxBackoff         upper bound of a single wait
 */
public record RestRegistryConfig(List<URI> urls, String username, String password, SSLContext sslContext,
                                 Path truststorePath, String truststorePassword, Path keystorePath,
                                 String keystorePassword, Duration connectTimeout, Duration requestTimeout,
                                 int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    /** Keys accepted by {@link #fromProperties(Map)} (Confluent client names where one exists). */
    public static final Set<String> PROPERTY_KEYS = Set.of("url", "basic.auth.user.info",
            "ssl.truststore.location", "ssl.truststore.password", "ssl.keystore.location", "ssl.keystore.password",
            "connect.timeout.ms", "request.timeout.ms", "max.retries", "retries.backoff.ms", "retries.max.backoff.ms");

    public RestRegistryConfig {
        List<String> errors = new ArrayList<>();
        if (urls == null || urls.isEmpty()) {
            errors.add("at least one registry url is required");
            urls = List.of();
        } else {
            for (URI url : urls) {
                String scheme = url == null ? null : url.getScheme();
                if (url == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
                    errors.add("registry url must be http(s)://host[:port][/path], was '" + url + "'");
                }
            }
            urls = List.copyOf(urls);
        }
        if ((username == null) != (password == null)) {
            errors.add("basic-auth username and password must be given together");
        }
        if (username != null && (username.isEmpty() || username.contains(":"))) {
            errors.add("basic-auth username must be non-empty and must not contain ':'");
        }
        checkStore(errors, "truststore", truststorePath);
        checkStore(errors, "keystore", keystorePath);
        if (sslContext != null && (truststorePath != null || keystorePath != null)) {
            errors.add("give either an sslContext or truststore/keystore paths, not both");
        }
        checkPositive(errors, "connectTimeout", connectTimeout);
        checkPositive(errors, "requestTimeout", requestTimeout);
        checkPositive(errors, "initialBackoff", initialBackoff);
        checkPositive(errors, "maxBackoff", maxBackoff);
        if (maxRetries < 0 || maxRetries > 20) {
            errors.add("maxRetries must be within 0..20, was " + maxRetries);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("Invalid schema registry client config: " + String.join("; ", errors));
        }
    }

    /** Defaults for one URL: no auth, JDK trust, 10 s connect, 30 s request, 3 retries from 100 ms up to 2 s. */
    public static Builder builder(String url) {
        return new Builder().urls(url);
    }

    /** Defaults for one URL (see {@link #builder(String)}). */
    public static RestRegistryConfig of(String url) {
        return builder(url).build();
    }

    /**
     * Reads the keys in {@link #PROPERTY_KEYS}; {@code url} may hold several comma-separated URLs,
     * {@code basic.auth.user.info} is {@code user:password}. Unknown keys are rejected, all problems reported at once.
     */
    public static RestRegistryConfig fromProperties(Map<String, String> properties) {
        List<String> errors = new ArrayList<>();
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.keySet().stream().filter(k -> !PROPERTY_KEYS.contains(k)).sorted()
                .forEach(k -> errors.add("unknown key '" + k + "' (known: " + PROPERTY_KEYS.stream().sorted().toList() + ")"));
        Builder builder = new Builder();
        if (props.containsKey("url")) {
            builder.urls(props.get("url"));
        }
        String userInfo = props.get("basic.auth.user.info");
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 1) {
                errors.add("basic.auth.user.info must be user:password");
            } else {
                builder.basicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
            }
        }
        if (props.containsKey("ssl.truststore.location")) {
            builder.truststore(Path.of(props.get("ssl.truststore.location")), props.get("ssl.truststore.password"));
        }
        if (props.containsKey("ssl.keystore.location")) {
            builder.keystore(Path.of(props.get("ssl.keystore.location")), props.get("ssl.keystore.password"));
        }
        Long connect = number(props, "connect.timeout.ms", errors);
        Long request = number(props, "request.timeout.ms", errors);
        Long backoff = number(props, "retries.backoff.ms", errors);
        Long maxBackoff = number(props, "retries.max.backoff.ms", errors);
        Long retries = number(props, "max.retries", errors);
        if (connect != null) {
            builder.connectTimeout(Duration.ofMillis(connect));
        }
        if (request != null) {
            builder.requestTimeout(Duration.ofMillis(request));
        }
        if (retries != null) {
            builder.maxRetries(retries.intValue());
        }
        if (backoff != null) {
            builder.initialBackoff(Duration.ofMillis(backoff));
        }
        if (maxBackoff != null) {
            builder.maxBackoff(Duration.ofMillis(maxBackoff));
        }
        try {
            RestRegistryConfig config = builder.build();
            if (errors.isEmpty()) {
                return config;
            }
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage().replace("Invalid schema registry client config: ", ""));
        }
        throw new IllegalArgumentException("Invalid schema registry client config: " + String.join("; ", errors));
    }

    @Override
    public String toString() {
        return "RestRegistryConfig[urls=" + urls + ", basicAuth=" + (username != null) + ", tls="
                + (sslContext != null || truststorePath != null) + ", maxRetries=" + maxRetries + "]";
    }

    private static Long number(Map<String, String> props, String key, List<String> errors) {
        String value = props.get(key);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            errors.add(key + " must be a whole number, was '" + value + "'");
            return null;
        }
    }

    private static void checkStore(List<String> errors, String what, Path path) {
        if (path != null && !Files.isReadable(path)) {
            errors.add(what + " '" + path + "' is not a readable file");
        }
    }

    private static void checkPositive(List<String> errors, String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            errors.add(name + " must be positive, was " + value);
        }
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private List<URI> urls = List.of();
        private String username;
        private String password;
        private SSLContext sslContext;
        private Path truststorePath;
        private String truststorePassword;
        private Path keystorePath;
        private String keystorePassword;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);

        /** One or more comma-separated URLs; user-info in a URL ({@code http://user:pw@host}) sets basic auth. */
        public Builder urls(String commaSeparated) {
            List<URI> parsed = new ArrayList<>();
            for (String part : Objects.requireNonNull(commaSeparated, "urls").split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                URI uri = URI.create(part.trim());
                if (uri.getUserInfo() != null) {
                    int colon = uri.getUserInfo().indexOf(':');
                    if (colon > 0) {
                        basicAuth(uri.getUserInfo().substring(0, colon), uri.getUserInfo().substring(colon + 1));
                    }
                    uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                            + (uri.getRawPath() == null ? "" : uri.getRawPath()));
                }
                parsed.add(uri);
            }
            this.urls = parsed;
            return this;
        }

        public Builder basicAuth(String user, String pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        public Builder truststore(Path path, String storePassword) {
            this.truststorePath = path;
            this.truststorePassword = storePassword;
            return this;
        }

        public Builder keystore(Path path, String storePassword) {
            this.keystorePath = path;
            this.keystorePassword = storePassword;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Retries after the first attempt, with exponential backoff from {@code initial} capped at {@code max}. */
        public Builder retries(int retries, Duration initial, Duration max) {
            return maxRetries(retries).initialBackoff(initial).maxBackoff(max);
        }

        public Builder maxRetries(int retries) {
            this.maxRetries = retries;
            return this;
        }

        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = backoff;
            return this;
        }

        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = backoff;
            return this;
        }

        public RestRegistryConfig build() {
            return new RestRegistryConfig(urls, username, password, sslContext, truststorePath, truststorePassword,
                    keystorePath, keystorePassword, connectTimeout, requestTimeout, maxRetries, initialBackoff, maxBackoff);
        }
    }
}
