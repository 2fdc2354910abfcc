package dev.carbonledger.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.gpu.DcgmExporterSource;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.intensity.CarbonAwareSdkSource;
import dev.carbonledger.collectors.source.intensity.ElectricityMapsSource;
import dev.carbonledger.collectors.source.intensity.UkCarbonIntensitySource;
import dev.carbonledger.collectors.source.intensity.WattTimeSource;
import dev.carbonledger.collectors.source.k8s.KubernetesPodSource;
import dev.carbonledger.collectors.source.kepler.KeplerScraper;
import dev.carbonledger.collectors.source.scaphandre.ScaphandreSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Every HTTP source against hostile answers at the level of bytes, through a real HTTP server on 127.0.0.1: the
 * intensity providers (Electricity Maps, WattTime, UK Carbon Intensity, Carbon Aware SDK), the exporters the energy
 * sources scrape (Kepler, dcgm-exporter, Scaphandre) and the Kubernetes API. Answers are random bytes, JSON of the
 * wrong shape, and recorded real answers with random edits. A source returns readings or fails with an
 * {@link IOException} (the request, the status, the body) or an {@link IllegalArgumentException} (what in the answer
 * is wrong: a missing field, a line that is not the exposition format) with a message; the collector logs either and
 * counts a source failure. A {@code NullPointerException}, {@code ClassCastException}, index or arithmetic error
 * would be a bug in a parser, and fails this test.
 */
class ProviderResponseFuzzTest {
    private static final AtomicReference<byte[]> BODY = new AtomicReference<>(new byte[0]);
    private static final HttpServer SERVER = start();
    private static final URI BASE = URI.create("http://127.0.0.1:" + SERVER.getAddress().getPort());
    private static final HttpText HTTP = HttpText.withTimeout(Duration.ofSeconds(5));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Map<String, String> RECORDED = Map.of(
            "electricitymaps", resource("/intensity/electricitymaps-latest.json"),
            "watttime", resource("/intensity/watttime-forecast.json"),
            "ukci", resource("/intensity/ukci-intensity.json"),
            "casdk", resource("/intensity/casdk-forecasts-current.json"),
            "kepler", resource("/kepler/kepler-0.10-metrics.txt"),
            "dcgm", resource("/kepler/kepler-0.10-metrics.txt"),
            "scaphandre", resource("/kepler/kepler-0.10-metrics.txt"),
            "kubernetes", resource("/k8s/pods-worker-1.json"));

    interface Poll {
        Object poll() throws IOException;
    }

    @Property(tries = 250)   // an HTTP round trip each; the long form: raise it by hand
    void recordedAnswersWithRandomEditsGiveReadingsOrAnIoException(@ForAll("sources") String source,
                                                                    @ForAll("edits") List<Edit> edits) {
        String body = RECORDED.get(source);
        for (Edit e : edits) {
            body = e.apply(body);
        }
        pollWith(source, body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 250)   // an HTTP round trip each; the long form: raise it by hand
    void randomBytesGiveAnIoException(@ForAll("sources") String source, @ForAll("junk") byte[] bytes) {
        pollWith(source, bytes);
    }

    @Property(tries = 250)   // an HTTP round trip each; the long form: raise it by hand
    void jsonOfTheWrongShapeGivesReadingsOrAnIoException(@ForAll("sources") String source, @ForAll("shapes") String json) {
        pollWith(source, json.getBytes(StandardCharsets.UTF_8));
    }

    @AfterContainer
    static void stop() {
        SERVER.stop(0);
    }

    private static void pollWith(String source, byte[] body) {
        BODY.set(body);
        try {
            Object readings = poll(source).poll();
            assertThat(readings).isNotNull();
            Statistics.collect(source, "read");
        } catch (IOException | IllegalArgumentException e) {
            assertThat(e.getMessage()).as("a failure says what went wrong").isNotBlank();
            assertThat(e).as("a parser's number error is named, not Java's").isNotInstanceOf(NumberFormatException.class);
            Statistics.collect(source, "failed");
        }
    }

    private static Poll poll(String source) {
        PodUidResolver none = PodUidResolver.none();
        return switch (source) {
            case "electricitymaps" -> new ElectricityMapsSource(HTTP, BASE, "token", List.of("DE"), true, CLOCK)::intensity;
            case "watttime" -> new WattTimeSource(HTTP, BASE, "user", "password", List.of("CAISO_NORTH"), "co2_moer",
                    CLOCK)::intensity;
            case "ukci" -> new UkCarbonIntensitySource(HTTP, BASE, "GB", true, CLOCK)::intensity;
            case "casdk" -> new CarbonAwareSdkSource(HTTP, BASE, List.of("westeurope"), IntensitySignal.AVERAGE,
                    CLOCK)::intensity;
            case "kepler" -> new KeplerScraper(HTTP, BASE.resolve("/metrics"), "node-a", none, CLOCK)::poll;
            case "dcgm" -> new DcgmExporterSource(HTTP, BASE.resolve("/metrics"), "node-a", none, CLOCK)::poll;
            case "scaphandre" -> new ScaphandreSource(HTTP, BASE.resolve("/metrics"), "node-a", none, CLOCK)::poll;
            case "kubernetes" -> new KubernetesPodSource(HTTP, BASE, null, "worker-1", List.of("team"), List.of("model"),
                    List.of("workload-class"))::pods;
            default -> throw new IllegalArgumentException(source);
        };
    }

    record Edit(int at, int length, String insert) {
        String apply(String text) {
            int from = at % (text.length() + 1);
            int to = Math.min(text.length(), from + length);
            return text.substring(0, from) + insert + text.substring(to);
        }
    }

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.of(List.copyOf(RECORDED.keySet()));
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> inserts = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).withChars("{}[]\":,-.0123456789eE+ \n#=nulltrue\\\u0000\u00e9"),
                Arbitraries.of("null", "[]", "{}", "\"\"", "-1", "1e400", "NaN", "99999999999999999999", "\"2026-13-45T99:00Z\"",
                        "\"x\"", "true", "+Inf", "\n\n", "{\"a\":"));
        return Combinators.combine(Arbitraries.integers().between(0, 20_000), Arbitraries.integers().between(0, 40), inserts)
                .as(Edit::new).list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    @Provide
    Arbitrary<String> shapes() {
        Arbitrary<String> leaf = Arbitraries.of("null", "0", "-1", "1e308", "\"\"", "\"DE\"", "true", "[]", "{}",
                "\"2026-05-01T10:00:00Z\"", "12.5");
        Arbitrary<String> member = Combinators.combine(Arbitraries.of("zone", "carbonIntensity", "datetime", "data",
                "intensity", "forecast", "point_time", "value", "location", "rating", "from", "to", "items", "metadata",
                "forecastData", "timestamp", "duration", "token", "actual"), leaf).as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(6).map(ms -> "{" + String.join(",", ms) + "}");
        Arbitrary<String> nested = Combinators.combine(Arbitraries.of("data", "forecast", "items", "forecastData"),
                object.list().ofMaxSize(4)).as((k, list) -> "{\"" + k + "\":[" + String.join(",", list) + "]}");
        return Arbitraries.oneOf(leaf, object, nested, object.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]"));
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestURI().getPath().endsWith("/login")
                        ? "{\"token\": \"t\"}".getBytes(StandardCharsets.UTF_8) : BODY.get();
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ProviderResponseFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
