package dev.carbonledger.sinks.internal;

/**
 * The URL the sinks' HTTP endpoints give out; their keystore is a {@link dev.carbonledger.schemas.tls.TlsKeystore}.
 */
public final class ServerTls {
    private ServerTls() {}

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
