package dev.carbonledger.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link BrokerSecurity} as a properties file, so passwords reach a broker JVM ({@link BrokerMain}
 * {@code --security-config FILE}) without appearing on its command line. Keys:
 * <pre>
 * sasl.ssl.port=9094                 ssl.port=9095            (absent = listener off; 0 = ephemeral)
 * keystore.location=broker.p12       keystore.password=...
 * truststore.location=trust.p12      truststore.password=...   store.type=PKCS12
 * scram.user.collector=...           (one line per SCRAM-SHA-512 user: name = suffix, value = password)
 * authorizer=true                    super.users=User:admin;User:ops
 * principal.mapping.rules=RULE:^CN=([^,]+),O=carbon-ledger$/$1/,DEFAULT
 * </pre>
 * Unknown keys are rejected; every problem is reported at once.
 */
public final class SecurityFile {

    static final String SCRAM_USER_PREFIX = "scram.user.";
    private static final Set<String> KEYS = Set.of("sasl.ssl.port", "ssl.port", "keystore.location",
            "keystore.password", "truststore.location", "truststore.password", "store.type", "authorizer",
            "super.users", "principal.mapping.rules");

    private SecurityFile() {
    }

    /**
     * Reads and validates a security file.
     *
     * @throws IllegalArgumentException listing every problem (never a password)
     */
    public static BrokerSecurity read(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read security config " + file + ": " + e.getMessage(), e);
        }
        List<String> errors = new ArrayList<>();
        BrokerSecurity.Builder b = BrokerSecurity.builder();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).trim();
            if (key.startsWith(SCRAM_USER_PREFIX)) {
                b.scramUser(key.substring(SCRAM_USER_PREFIX.length()), value);
            } else if (!KEYS.contains(key)) {
                errors.add("unknown key '" + key + "' in " + file + " (known: " + new TreeSet<>(KEYS) + ", "
                        + SCRAM_USER_PREFIX + "<name>)");
            }
        }
        port(p, "sasl.ssl.port", errors).ifPresent(b::saslSslPort);
        port(p, "ssl.port", errors).ifPresent(b::sslPort);
        if (p.containsKey("keystore.location")) {
            b.keyStore(Path.of(p.getProperty("keystore.location").trim()), p.getProperty("keystore.password"));
        }
        if (p.containsKey("truststore.location")) {
            b.trustStore(Path.of(p.getProperty("truststore.location").trim()), p.getProperty("truststore.password"));
        }
        if (p.containsKey("store.type")) {
            b.storeType(p.getProperty("store.type").trim());
        }
        String authorizer = p.getProperty("authorizer", "false").trim();
        if (!authorizer.equals("true") && !authorizer.equals("false")) {
            errors.add("authorizer must be true or false, was '" + authorizer + "'");
        }
        b.authorizer(authorizer.equals("true"));
        for (String principal : p.getProperty("super.users", "").split(";")) {
            if (!principal.isBlank()) {
                b.superUser(principal.trim());
            }
        }
        if (p.containsKey("principal.mapping.rules")) {
            b.principalMappingRules(p.getProperty("principal.mapping.rules").trim());
        }
        try {
            BrokerSecurity security = b.build();
            if (errors.isEmpty()) {
                return security;
            }
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        throw new IllegalArgumentException("Invalid security config " + file + ": " + String.join("; ", errors));
    }

    /** Writes a security file readable by its owner only (where the file system supports POSIX permissions). */
    public static void write(BrokerSecurity security, Path file) {
        Properties p = new Properties();
        if (security.saslSslEnabled()) {
            p.setProperty("sasl.ssl.port", Integer.toString(security.saslSslPort()));
        }
        if (security.sslEnabled()) {
            p.setProperty("ssl.port", Integer.toString(security.sslPort()));
        }
        if (security.keyStore() != null) {
            p.setProperty("keystore.location", security.keyStore().toString());
            p.setProperty("keystore.password", security.keyStorePassword());
        }
        if (security.trustStore() != null) {
            p.setProperty("truststore.location", security.trustStore().toString());
            p.setProperty("truststore.password", security.trustStorePassword());
        }
        p.setProperty("store.type", security.storeType());
        security.scramUsers().forEach((name, password) -> p.setProperty(SCRAM_USER_PREFIX + name, password));
        p.setProperty("authorizer", Boolean.toString(security.authorizer()));
        if (!security.superUsers().isEmpty()) {
            p.setProperty("super.users", String.join(";", security.superUsers()));
        }
        if (security.principalMappingRules() != null) {
            p.setProperty("principal.mapping.rules", security.principalMappingRules());
        }
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                p.store(writer, "carbon-ledger broker security settings (contains passwords)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write broker security config " + file, e);
        }
    }

    private static java.util.Optional<Integer> port(Properties p, String key, List<String> errors) {
        String value = p.getProperty(key);
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            errors.add(key + " must be an integer, was '" + value + "'");
            return java.util.Optional.empty();
        }
    }
}
