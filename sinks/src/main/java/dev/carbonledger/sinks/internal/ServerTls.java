package dev.carbonledger.sinks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server side of TLS for the sinks' HTTP endpoints: an {@link SSLContext} from a keystore file. */
public final class ServerTls {
    private ServerTls() {}

    /**
     * @param type a {@link KeyStore} type, {@code PKCS12} or {@code JKS}
     * @throws IllegalArgumentException naming the keystore when it cannot be read or holds no usable key
     */
    public static SSLContext sslContext(Path keystore, String password, String type) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore keyStore = KeyStore.getInstance(type);
            keyStore.load(in, password.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load TLS keystore " + keystore + " (type " + type + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The base URL a client on this machine uses to reach a server bound to {@code bindAddress}: a wildcard
     * address reads as 127.0.0.1, an IPv6 literal is bracketed. No trailing slash.
     */
    public static String baseUrl(boolean tls, String bindAddress, int port) {
        String host = bindAddress;
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (tls ? "https" : "http") + "://" + host + ":" + port;
    }
}
