package dev.carbonledger.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Optional secured client listeners of the single-node broker: SASL_SSL with SCRAM-SHA-512 users, SSL with a
 * client certificate required (mutual TLS), and Kafka's {@code StandardAuthorizer}. The PLAINTEXT client
 * listener and the controller listener stay on the broker's (loopback) host: they carry the broker's own
 * traffic, whose principal ({@code User:ANONYMOUS}) is therefore a super user.
 *
 * <p>Passwords are kept here only to configure the broker and create the SCRAM users; {@link #toString()}
 * never shows them.
 */
public final class BrokerSecurity {

    /** The only SASL mechanism enabled: passwords are never sent, only salted proofs (RFC 5802). */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** The authorizer Kafka ships for KRaft clusters: ACLs live in the metadata log. */
    public static final String STANDARD_AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    /** Principal of connections on the PLAINTEXT listeners: the broker itself, and tools on the same host. */
    public static final String PLAINTEXT_PRINCIPAL = "User:ANONYMOUS";
    public static final String DEFAULT_STORE_TYPE = "PKCS12";
    /** Port value meaning "listener off". */
    public static final int DISABLED = -1;

    private final int saslSslPort;
    private final int sslPort;
    private final Path keyStore;
    private final String keyStorePassword;
    private final Path trustStore;
    private final String trustStorePassword;
    private final String storeType;
    private final Map<String, String> scramUsers;
    private final boolean authorizer;
    private final Set<String> superUsers;
    private final String principalMappingRules;

    private BrokerSecurity(Builder b) {
        this.saslSslPort = b.saslSslPort;
        this.sslPort = b.sslPort;
        this.keyStore = b.keyStore == null ? null : b.keyStore.toAbsolutePath().normalize();
        this.keyStorePassword = b.keyStorePassword;
        this.trustStore = b.trustStore == null ? null : b.trustStore.toAbsolutePath().normalize();
        this.trustStorePassword = b.trustStorePassword;
        this.storeType = b.storeType;
        this.scramUsers = Collections.unmodifiableMap(new LinkedHashMap<>(b.scramUsers));
        this.authorizer = b.authorizer;
        this.superUsers = Collections.unmodifiableSet(new LinkedHashSet<>(b.superUsers));
        this.principalMappingRules = b.principalMappingRules;
    }

    /** No secured listener, no authorizer: the broker's behaviour before this class existed. */
    public static BrokerSecurity none() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when any secured listener or the authorizer is configured. */
    public boolean enabled() {
        return saslSslEnabled() || sslEnabled() || authorizer;
    }

    public boolean saslSslEnabled() {
        return saslSslPort != DISABLED;
    }

    public boolean sslEnabled() {
        return sslPort != DISABLED;
    }

    /** Port of the SASL_SSL listener; 0 = ephemeral, {@value #DISABLED} = off. */
    public int saslSslPort() {
        return saslSslPort;
    }

    /** Port of the mutual-TLS (SSL) listener; 0 = ephemeral, {@value #DISABLED} = off. */
    public int sslPort() {
        return sslPort;
    }

    public Path keyStore() {
        return keyStore;
    }

    public Path trustStore() {
        return trustStore;
    }

    public String storeType() {
        return storeType;
    }

    String keyStorePassword() {
        return keyStorePassword;
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    /** SCRAM-SHA-512 users to create (or update) at every start, name to password. */
    Map<String, String> scramUsers() {
        return scramUsers;
    }

    /** Names of the SCRAM users created at start. */
    public Set<String> scramUserNames() {
        return scramUsers.keySet();
    }

    public boolean authorizer() {
        return authorizer;
    }

    /** Super users besides {@value #PLAINTEXT_PRINCIPAL}, e.g. {@code User:admin}. */
    public Set<String> superUsers() {
        return superUsers;
    }

    /** {@code ssl.principal.mapping.rules}, or null for Kafka's default (the full certificate DN). */
    public String principalMappingRules() {
        return principalMappingRules;
    }

    /** A copy with other ports (ephemeral ports resolved). */
    BrokerSecurity withPorts(int newSaslSslPort, int newSslPort) {
        Builder b = toBuilder();
        b.saslSslPort = newSaslSslPort;
        b.sslPort = newSslPort;
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.saslSslPort = saslSslPort;
        b.sslPort = sslPort;
        b.keyStore = keyStore;
        b.keyStorePassword = keyStorePassword;
        b.trustStore = trustStore;
        b.trustStorePassword = trustStorePassword;
        b.storeType = storeType;
        b.scramUsers.putAll(scramUsers);
        b.authorizer = authorizer;
        b.superUsers.addAll(superUsers);
        b.principalMappingRules = principalMappingRules;
        return b;
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "BrokerSecurity{none}";
        }
        return "BrokerSecurity{saslSslPort=" + saslSslPort + ", sslPort=" + sslPort + ", keyStore=" + keyStore
                + ", trustStore=" + trustStore + ", storeType=" + storeType + ", scramUsers=" + scramUsers.keySet()
                + ", authorizer=" + authorizer + ", superUsers=" + superUsers + ", principalMappingRules="
                + principalMappingRules + "}";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private int saslSslPort = DISABLED;
        private int sslPort = DISABLED;
        private Path keyStore;
        private String keyStorePassword;
        private Path trustStore;
        private String trustStorePassword;
        private String storeType = DEFAULT_STORE_TYPE;
        private final Map<String, String> scramUsers = new LinkedHashMap<>();
        private boolean authorizer;
        private final Set<String> superUsers = new LinkedHashSet<>();
        private String principalMappingRules;

        private Builder() {
        }

        /** Opens a SASL_SSL listener (SCRAM-SHA-512) on this port; 0 = ephemeral. */
        public Builder saslSslPort(int port) {
            this.saslSslPort = port;
            return this;
        }

        /** Opens an SSL listener that requires a client certificate (mutual TLS) on this port; 0 = ephemeral. */
        public Builder sslPort(int port) {
            this.sslPort = port;
            return this;
        }

        /** The broker's key and certificate, used by both secured listeners. */
        public Builder keyStore(Path path, String password) {
            this.keyStore = path;
            this.keyStorePassword = password;
            return this;
        }

        /** Certificates the broker trusts for client certificates (mutual TLS). */
        public Builder trustStore(Path path, String password) {
            this.trustStore = path;
            this.trustStorePassword = password;
            return this;
        }

        /** Type of both stores; default {@value BrokerSecurity#DEFAULT_STORE_TYPE}. */
        public Builder storeType(String type) {
            this.storeType = type;
            return this;
        }

        /** A SCRAM-SHA-512 user created at start, or given this password if it exists. */
        public Builder scramUser(String name, String password) {
            scramUsers.put(name, password);
            return this;
        }

        /** Turns on {@value BrokerSecurity#STANDARD_AUTHORIZER}: without an ACL nothing is allowed. */
        public Builder authorizer(boolean enabled) {
            this.authorizer = enabled;
            return this;
        }

        /** A principal allowed everything, e.g. {@code User:admin}; needs the authorizer. */
        public Builder superUser(String principal) {
            superUsers.add(principal);
            return this;
        }

        /**
         * Maps certificate DNs to principal names, e.g. {@code RULE:^CN=([^,]+).*$/$1/,DEFAULT} makes
         * {@code CN=collector,O=carbon-ledger} the principal {@code User:collector}.
         */
        public Builder principalMappingRules(String rules) {
            this.principalMappingRules = rules;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException listing every invalid setting; never containing a password
         */
        public BrokerSecurity build() {
            List<String> errors = new ArrayList<>();
            validate(errors);
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("Invalid broker security: " + String.join("; ", errors));
            }
            return new BrokerSecurity(this);
        }

        void validate(List<String> errors) {
            checkPort("saslSslPort", saslSslPort, errors);
            checkPort("sslPort", sslPort, errors);
            if (saslSslPort > 0 && saslSslPort == sslPort) {
                errors.add("saslSslPort and sslPort must differ, both are " + sslPort);
            }
            boolean tls = saslSslPort != DISABLED || sslPort != DISABLED;
            if (tls) {
                checkStore("keyStore", keyStore, keyStorePassword, errors);
            } else if (keyStore != null || trustStore != null) {
                errors.add("keyStore/trustStore given but no secured listener: set saslSslPort and/or sslPort");
            }
            if (sslPort != DISABLED || (tls && trustStore != null)) {
                checkStore("trustStore", trustStore, trustStorePassword, errors);
            }
            if (storeType == null || storeType.isBlank()) {
                errors.add("storeType must not be blank");
            }
            if (!scramUsers.isEmpty() && saslSslPort == DISABLED) {
                errors.add("SCRAM users need the SASL_SSL listener: set saslSslPort");
            }
            scramUsers.forEach((name, password) -> {
                if (name == null || name.isBlank() || name.contains(",") || name.contains("=")) {
                    errors.add("SCRAM user names must be non-blank without ',' or '=', was '" + name + "'");
                }
                if (password == null || password.isEmpty()) {
                    errors.add("SCRAM user '" + name + "' has no password");
                }
            });
            if (!superUsers.isEmpty() && !authorizer) {
                errors.add("super users " + superUsers + " given but the authorizer is off");
            }
            for (String principal : superUsers) {
                if (principal == null || !principal.matches("[A-Za-z]+:.+") || principal.contains(";")) {
                    errors.add("super user must be a principal 'Type:name' without ';', e.g. User:admin, was '"
                            + principal + "'");
                }
            }
            if (principalMappingRules != null && sslPort == DISABLED) {
                errors.add("principalMappingRules apply to client certificates: set sslPort");
            }
        }

        private static void checkPort(String name, int value, List<String> errors) {
            if (value < DISABLED || value > 65_535) {
                errors.add(name + " must be in 0..65535 (0 = ephemeral) or -1 (off), was " + value);
            }
        }

        private static void checkStore(String name, Path path, String password, List<String> errors) {
            if (path == null) {
                errors.add(name + " is required for the secured listeners");
                return;
            }
            if (!Files.isRegularFile(path)) {
                errors.add(name + " " + path + " is not a readable file");
            }
            if (password == null || password.isEmpty()) {
                errors.add(name + " " + path + " has no password");
            }
        }
    }
}
