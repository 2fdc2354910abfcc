package dev.carbonledger.schemas.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The key and certificate a server of this project (the sinks' exporter and policy server, the embedded schema
 * registry) serves HTTPS with. Lives here, the lowest module every server depends on, so that the keystore is loaded
 * and its failures are worded in one place. The password never appears in {@link #toString()} nor in an error.
 *
 * @param type a {@link KeyStore} type: {@code PKCS12} or {@code JKS}
 */
public record TlsKeystore(Path keystore, String password, String type) {
    public TlsKeystore {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }

    /**
     * The server side of TLS: the keystore's key and certificate, the JDK's protocols and ciphers.
     *
     * @throws IllegalArgumentException one sentence naming the keystore when it is missing, unreadable, of another
     *                                  type, locked with another password or holds no private key
     */
    public SSLContext sslContext() {
        KeyStore keyStore = load();
        try {
            if (Collections.list(keyStore.aliases()).stream().noneMatch(alias -> isKey(keyStore, alias))) {
                throw failure("it holds no private key (a truststore was given?)", null);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw failure("its key is locked with another password than the keystore (one password for both)", e);
        } catch (GeneralSecurityException e) {
            throw failure(e.getMessage(), e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore keyStore = KeyStore.getInstance(type);
            keyStore.load(in, password.toCharArray());
            return keyStore;
        } catch (NoSuchFileException e) {
            throw failure("the file does not exist", e);
        } catch (AccessDeniedException e) {
            throw failure("the file cannot be read (permission denied)", e);
        } catch (KeyStoreException e) {
            throw failure("the keystore type must be PKCS12 or JKS", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw failure("the password is wrong", e);
            }
            throw failure("it is not a " + type + " keystore or the password is wrong (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw failure(e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore keyStore, String alias) {
        try {
            return keyStore.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            return false;
        }
    }

    private IllegalArgumentException failure(String reason, Exception cause) {
        return new IllegalArgumentException("cannot load TLS keystore " + keystore + " (type " + type + "): " + reason,
                cause);
    }

    @Override
    public String toString() {
        return "Tls[keystore=" + keystore + ", type=" + type + ", password=***]";
    }
}
