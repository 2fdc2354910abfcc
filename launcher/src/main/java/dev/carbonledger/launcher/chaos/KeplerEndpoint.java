package dev.carbonledger.launcher.chaos;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kepler's exporter as the collector scrapes it ({@code kepler_pod_cpu_joules_total}, Kepler 0.10+), for pods whose
 * counters grow at a fixed power until {@link #freeze()}. It remembers the first value it served per pod, so the
 * energy the pipeline must account for the collector's pods is known exactly: final − first served.
 */
final class KeplerEndpoint implements AutoCloseable {
    private final List<String> pods;
    private final Map<String, Double> firstServed = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();
    private HttpServer server;
    private long frozenAtNanos = -1;
    private long scrapes;

    KeplerEndpoint(List<String> pods) {
        this.pods = List.copyOf(pods);
    }

    KeplerEndpoint start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    /** The counters stop growing: every later scrape serves the final values. */
    synchronized void freeze() {
        if (frozenAtNanos < 0) {
            frozenAtNanos = System.nanoTime();
        }
    }

    synchronized long scrapes() {
        return scrapes;
    }

    /** Σ (final − first served) over the pods that were scraped at least once; valid after {@link #freeze()}. */
    synchronized double expectedJoules() {
        double total = 0;
        for (int i = 0; i < pods.size(); i++) {
            Double first = firstServed.get(pods.get(i));
            if (first != null) {
                total += value(i, frozenAtNanos) - first;
            }
        }
        return total;
    }

    private synchronized String exposition() {
        scrapes++;
        long now = frozenAtNanos >= 0 ? frozenAtNanos : System.nanoTime();
        StringBuilder out = new StringBuilder("# HELP kepler_pod_cpu_joules_total Energy consumption of cpu at pod level in joules\n"
                + "# TYPE kepler_pod_cpu_joules_total counter\n");
        for (int i = 0; i < pods.size(); i++) {
            double joules = value(i, now);
            firstServed.putIfAbsent(pods.get(i), joules);
            out.append(String.format(Locale.ROOT, "kepler_pod_cpu_joules_total{pod_id=\"%s\",pod_name=\"%s\","
                    + "pod_namespace=\"chaos\",state=\"active\",zone=\"package\"} %.3f%n", pods.get(i), pods.get(i), joules));
        }
        return out.toString();
    }

    /** 1 kJ at start, then 40 + 20·i W, in millijoule steps (the exposition's precision). */
    private double value(int pod, long atNanos) {
        double seconds = (atNanos - startNanos) / 1e9;
        return Math.round((1000 + (40 + 20 * pod) * seconds) * 1000) / 1000.0;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
