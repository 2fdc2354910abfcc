package dev.carbonledger.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Key stores for TLS tests, made at run time under a test's directory with the JDK's {@code keytool}: one
 * PKCS12 key store per name (a self-signed EC certificate {@code CN=<name>,O=carbon-ledger}, valid for
 * {@code localhost} and {@code 127.0.0.1}, two days), and one trust store holding every certificate. Nothing
 * here is ever committed; the password is random per set.
 */
public final class TestCertificates {

    /** Organisation of every certificate's DN. */
    public static final String ORGANISATION = "carbon-ledger";
    /** Maps {@code CN=<name>,O=carbon-ledger} to the principal {@code User:<name>}. */
    public static final String PRINCIPAL_MAPPING_RULES = "RULE:^CN=([^,]+),O=" + ORGANISATION + "$/$1/,DEFAULT";
    public static final String STORE_TYPE = "PKCS12";

    private final Path directory;
    private final String password;
    private final Map<String, Path> keyStores;
    private final Path trustStore;

    private TestCertificates(Path directory, String password, Map<String, Path> keyStores, Path trustStore) {
        this.directory = directory;
        this.password = password;
        this.keyStores = Map.copyOf(keyStores);
        this.trustStore = trustStore;
    }

    /**
     * Generates a key store per name and a trust store trusting all of them.
     *
     * @param directory where the stores go (created)
     * @param names     certificate common names, e.g. {@code broker}, {@code collector}
     */
    public static TestCertificates generate(Path directory, Collection<String> names) {
        String password = UUID.randomUUID().toString();
        Map<String, Path> keyStores = new LinkedHashMap<>();
        try {
            Files.createDirectories(directory);
            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, null);
            for (String name : names) {
                Path store = directory.resolve(name + ".p12");
                keytool(directory, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=" + name + ",O=" + ORGANISATION, "-validity", "2",
                        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", STORE_TYPE,
                        "-keystore", store.toString(), "-storepass", password, "-keypass", password);
                keyStores.put(name, store);
                trust.setCertificateEntry(name, certificate(store, name, password));
            }
            Path trustStore = directory.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, password.toCharArray());
            }
            return new TestCertificates(directory, password, keyStores, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write test key stores in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the test trust store in " + directory + ": " + e, e);
        }
    }

    /** The key store of a name given to {@link #generate}. */
    public Path keyStore(String name) {
        Path store = keyStores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("no certificate for '" + name + "'; generated: " + keyStores.keySet());
        }
        return store;
    }

    public Path trustStore() {
        return trustStore;
    }

    /** Password of every store and key of this set. */
    public String password() {
        return password;
    }

    public Path directory() {
        return directory;
    }

    private static Certificate certificate(Path store, String alias, String password)
            throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password.toCharArray());
        }
        return keyStore.getCertificate(alias);
    }

    private static void keytool(Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Path log = directory.resolve("keytool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed with exit code " + process.exitValue()
                    + ": " + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
    }
}
