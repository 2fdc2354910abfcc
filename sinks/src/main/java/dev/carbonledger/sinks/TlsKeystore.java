package dev.carbonledger.sinks;

import dev.carbonledger.sinks.internal.ServerTls;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Serve an HTTP endpoint of the sinks (the exporter's {@code /metrics}, the policy server) over HTTPS with the key and
 * certificate in this keystore. The password never appears in {@link #toString()}.
 *
 * @param type a {@link java.security.KeyStore} type: {@code PKCS12} or {@code JKS}
 */
public record TlsKeystore(Path keystore, String password, String type) {
    public TlsKeystore {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }

    /**
     * @throws IllegalArgumentException naming the keystore when it cannot be read or holds no usable key
     */
    public SSLContext sslContext() {
        return ServerTls.sslContext(keystore, password, type);
    }

    @Override
    public String toString() {
        return "Tls[keystore=" + keystore + ", type=" + type + ", password=***]";
    }
}
