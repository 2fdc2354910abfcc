package dev.carbonledger.sinks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Debian's Chromium run headless as a child process and driven over the Chrome DevTools Protocol on the JDK's own
 * WebSocket client (no WebDriver, no browser download): open a page, evaluate JavaScript, take a PNG screenshot,
 * and collect the page's console errors, uncaught exceptions and CSP violations.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final String sessionId;

    /** The Chromium binary: {@code $CHROMIUM_BIN}, else the first of the usual Debian paths that exists. */
    public static Optional<Path> binary() {
        String env = System.getenv("CHROMIUM_BIN");
        Stream<String> paths = env == null || env.isBlank() ? CANDIDATES.stream()
                : Stream.concat(Stream.of(env), CANDIDATES.stream());
        return paths.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Starts Chromium with a fresh profile and opens one blank tab of {@code width} × {@code height} CSS pixels. */
    public HeadlessChromium(Path binary, int width, int height) throws Exception {
        profile = Files.createTempDirectory("carbon-ledger-chromium-");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank");
        // Times render in UTC and numbers in en-US, whatever the machine's settings.
        pb.environment().put("TZ", "UTC");
        pb.environment().put("LANG", "en_US.UTF-8");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        process = pb.start();
        String endpoint = devToolsEndpoint();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(endpoint), new Listener()).get(30, TimeUnit.SECONDS);
        String targetId = call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        sessionId = call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                .get("sessionId").asText();
        call("Runtime.enable", Map.of());
        call("Log.enable", Map.of());
        call("Page.enable", Map.of());
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
    }

    /** Reads Chromium's stderr up to the DevTools line, then keeps draining it (so that it never blocks). */
    private String devToolsEndpoint() throws Exception {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> found = new CompletableFuture<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    int at = line.indexOf("DevTools listening on ");
                    if (at >= 0) {
                        found.complete(line.substring(at + "DevTools listening on ".length()).strip());
                    } else if (seen.size() < 50) {
                        seen.add(line);
                    }
                }
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
            found.completeExceptionally(new IllegalStateException("chromium exited: " + seen));
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return found.get(60, TimeUnit.SECONDS);
    }

    /** Loads {@code url} and waits for its load event. */
    public void open(URI url) throws Exception {
        call("Page.navigate", Map.of("url", url.toString()));
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (!"complete".equals(evaluate("document.readyState").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("page " + url + " did not load within " + CALL_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** The value of a JavaScript expression in the page (JSON-serialisable values only). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page (beyond the viewport), written to {@code file}. */
    public Path screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
        return file;
    }

    /** Console errors, uncaught exceptions and browser log errors (CSP violations, failed loads) seen so far. */
    public List<String> problems() {
        return new ArrayList<>(problems);
    }

    private JsonNode call(String method, Map<String, ?> params) throws Exception {
        return call(sessionId, method, params);
    }

    private JsonNode call(String session, String method, Map<String, ?> params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (socket) {
            socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private void onMessage(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asLong());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        String method = message.path("method").asText();
        JsonNode params = message.path("params");
        switch (method) {
            case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if (params.path("type").asText().equals("error")) {
                    problems.add("console.error: " + params.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (params.path("entry").path("level").asText().equals("error")) {
                    problems.add("log: " + params.path("entry").path("text").asText() + " "
                            + params.path("entry").path("url").asText());
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onMessage(JSON.readTree(text));
                } catch (IOException e) {
                    problems.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
