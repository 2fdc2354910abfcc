package dev.carbonledger.launcher.cli;

import dev.carbonledger.schemas.registry.RestRegistryConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The schema registry client's settings from a properties file with the Confluent client's keys, so the file an
 * operator already has for Confluent tools works as it is ({@code --schema-registry-config FILE}). Unknown keys and
 * bad values are rejected, all at once.
 */
public final class RegistryClientSettings {
    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String SR_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String TRUSTSTORE = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";

    /** Every key understood; Confluent's names. */
    public static final Set<String> KEYS = Set.of(URL, CREDENTIALS_SOURCE, USER_INFO, SR_USER_INFO, TRUSTSTORE,
            TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE, KEY_PASSWORD);

    private RegistryClientSettings() {}

    /**
     * The client config for {@code urlOption} (the {@code --schema-registry-url} value, which wins over the file's
     * {@code schema.registry.url} when {@code urlGiven}) and the optional file.
     */
    public static RestRegistryConfig config(String urlOption, boolean urlGiven, Path file) {
        if (file == null) {
            return RestRegistryConfig.builder(urlOption).build();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --schema-registry-config " + file + ": " + e.getMessage(), e);
        }
        return fromProperties(p, urlGiven || p.getProperty(URL) == null ? urlOption : p.getProperty(URL), file);
    }

    static RestRegistryConfig fromProperties(Properties p, String url, Path file) {
        List<String> errors = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        unknown.forEach(k -> errors.add("unknown key '" + k + "'"));
        RestRegistryConfig.Builder builder = RestRegistryConfig.builder(url);
        String source = p.getProperty(CREDENTIALS_SOURCE, "").strip().toUpperCase(Locale.ROOT);
        String userInfo = p.getProperty(SR_USER_INFO, p.getProperty(USER_INFO));
        switch (source) {
            case "", "USER_INFO" -> {
                if (userInfo != null) {
                    int colon = userInfo.indexOf(':');
                    if (colon < 1) {
                        errors.add(USER_INFO + " must be user:password");
                    } else {
                        builder.basicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
                    }
                } else if (!source.isEmpty()) {
                    errors.add(CREDENTIALS_SOURCE + "=USER_INFO needs " + USER_INFO);
                }
            }
            case "URL" -> {
                // user:password@ in the URL, which the client reads itself.
            }
            default -> errors.add(CREDENTIALS_SOURCE + " must be USER_INFO or URL, was '" + source + "'");
        }
        checkType(p, TRUSTSTORE_TYPE, errors);
        checkType(p, KEYSTORE_TYPE, errors);
        if (p.getProperty(TRUSTSTORE) != null) {
            builder.truststore(Path.of(p.getProperty(TRUSTSTORE)), p.getProperty(TRUSTSTORE_PASSWORD));
        }
        if (p.getProperty(KEYSTORE) != null) {
            String keyPassword = p.getProperty(KEY_PASSWORD);
            if (keyPassword != null && !keyPassword.equals(p.getProperty(KEYSTORE_PASSWORD))) {
                errors.add(KEY_PASSWORD + " must equal " + KEYSTORE_PASSWORD + " (one password for store and key)");
            }
            builder.keystore(Path.of(p.getProperty(KEYSTORE)), p.getProperty(KEYSTORE_PASSWORD));
        }
        try {
            RestRegistryConfig config = builder.build();
            if (errors.isEmpty()) {
                return config;
            }
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        throw new IllegalArgumentException("--schema-registry-config " + file + ": " + String.join("; ", errors)
                + " (known keys: " + new TreeSet<>(KEYS) + ")");
    }

    private static void checkType(Properties p, String key, List<String> errors) {
        String type = p.getProperty(key);
        // The JDK reads PKCS12 and JKS files whatever type it is told (keystore.type.compat), so both are accepted.
        if (type != null && !type.equalsIgnoreCase("PKCS12") && !type.equalsIgnoreCase("JKS")) {
            errors.add(key + " must be PKCS12 or JKS, was '" + type + "'");
        }
    }
}
