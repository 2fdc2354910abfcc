package dev.carbonledger.sinks.live;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent event streams over the JDK HTTP server: each client gets its stream's current snapshot on connect
 * ({@code event: snapshot}), then every later state ({@code event: update}), a comment line as heartbeat when
 * nothing was sent for a heartbeat interval, and a {@code retry:} hint for EventSource's reconnection. Every event
 * carries the whole state of its stream, so a client that reconnects (or is dropped) loses nothing.
 * <p>
 * At most {@code maxClients} connections at once; {@link #open} refuses more (the caller answers 503). Each client
 * has a bounded queue and one writer task on a pool of at most {@code maxClients} threads; the task ends, and the
 * slot is freed, when a write fails (the client went away: found at the latest by the next heartbeat), when the
 * client falls more than {@value #QUEUE_CAPACITY} events behind, or on {@link #close()}.
 */
public final class EventStreams implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EventStreams.class);
    static final int QUEUE_CAPACITY = 32;
    private static final String END = "\u0000end";

    private final int maxClients;
    private final Duration heartbeat;
    private final Duration retry;
    private final ThreadPoolExecutor writers;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final AtomicLong eventIds = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private boolean closed;
    /** Streams admitted whose headers are being sent (counted against {@code maxClients}). */
    private int opening;

    public EventStreams(int maxClients, Duration heartbeat, Duration retry) {
        this.maxClients = maxClients;
        this.heartbeat = heartbeat;
        this.retry = retry;
        AtomicInteger n = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(maxClients, maxClients, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "carbon-ledger-live-stream-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.writers.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts streaming {@code stream} to the exchange: sends the event-stream headers and the stream's current state,
     * then returns; the exchange stays open and is written by a writer task. Returns false, touching nothing, when
     * {@code maxClients} streams are already open.
     */
    public boolean open(String stream, HttpExchange exchange) throws IOException {
        synchronized (this) {
            if (closed || clients.size() + opening >= maxClients) {
                refused.incrementAndGet();
                return false;
            }
            opening++;
        }
        Client client;
        try {
            // Outside the lock: a slow client must not hold up the other streams.
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
            exchange.sendResponseHeaders(200, 0);
        } finally {
            synchronized (this) {
                opening--;
            }
        }
        synchronized (this) {
            // Registered and given the current state under the lock publish() holds: no update is missed or doubled.
            client = new Client(stream, exchange);
            client.queue.add("retry: " + retry.toMillis() + "\n\n");
            String state = latest.get(stream);
            if (state != null) {
                client.queue.add(frame("snapshot", state));
            }
            if (closed) {
                exchange.close();
                return true;
            }
            clients.add(client);
        }
        writers.execute(client);
        LOGGER.debug("event=live_stream_opened stream={} clients={}", stream, clients.size());
        return true;
    }

    /**
     * The new state of a stream, sent to its clients as {@code event: update} (and as the snapshot of later
     * clients). The first state of a stream is sent as a snapshot to clients that connected before it existed.
     */
    public synchronized void publish(String stream, String data) {
        String before = latest.put(stream, data);
        String frame = frame(before == null ? "snapshot" : "update", data);
        for (Client c : clients) {
            if (c.stream.equals(stream) && !c.queue.offer(frame)) {
                LOGGER.info("event=live_stream_dropped stream={} reason=\"the client fell {} events behind; it "
                        + "reconnects and gets a fresh snapshot\"", stream, QUEUE_CAPACITY);
                c.end();
            }
        }
    }

    /** Open streams. */
    public int clients() {
        return clients.size();
    }

    /** Connections refused because {@code maxClients} streams were open. */
    public long refused() {
        return refused.get();
    }

    public int maxClients() {
        return maxClients;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        clients.forEach(Client::end);
        writers.shutdown();
        try {
            if (!writers.awaitTermination(2, TimeUnit.SECONDS)) {
                // A writer blocked on a client that stopped reading: closing its exchange releases it.
                clients.forEach(c -> c.exchange.close());
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String frame(String event, String data) {
        StringBuilder out = new StringBuilder("id: ").append(eventIds.incrementAndGet()).append('\n')
                .append("event: ").append(event).append('\n');
        for (String line : data.split("\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString();
    }

    private final class Client implements Runnable {
        private final String stream;
        private final HttpExchange exchange;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY + 2);

        Client(String stream, HttpExchange exchange) {
            this.stream = stream;
            this.exchange = exchange;
        }

        void end() {
            queue.clear();
            queue.offer(END);
        }

        @Override
        public void run() {
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    String next = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                    if (END.equals(next)) {
                        break;
                    }
                    out.write((next == null ? ": heartbeat\n\n" : next).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                LOGGER.debug("event=live_stream_closed stream={} reason=\"{}\"", stream, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
                clients.remove(this);
                LOGGER.debug("event=live_stream_ended stream={} clients={}", stream, clients.size());
            }
        }
    }
}
