package dev.carbonledger.sinks.policy;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per second per client address, as a token bucket: a client may send {@code perSecond} requests a second
 * on average and up to {@code 2 × perSecond} in a burst (a pipeline fanning out its gates at once). Buckets of
 * clients idle for a minute are dropped, and at most {@value #MAX_CLIENTS} clients are tracked (beyond that, the
 * idle ones are dropped first; a flood of new addresses cannot grow the map without bound). {@code perSecond} 0
 * switches it off. Thread-safe.
 */
final class RateLimiter {
    static final int MAX_CLIENTS = 10_000;
    private static final long IDLE_NANOS = 60_000_000_000L;

    private final int perSecond;
    private final double capacity;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("requests per second must be >= 0, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.capacity = 2.0 * perSecond;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    int perSecond() {
        return perSecond;
    }

    /** Whether {@code client} may send a request at {@code nanoTime} (and takes a token if so). */
    boolean tryAcquire(String client, long nanoTime) {
        if (perSecond == 0) {
            return true;
        }
        if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
            evictIdle(nanoTime);
            if (buckets.size() >= MAX_CLIENTS) {
                return false;   // too many distinct clients at once: refuse newcomers rather than grow
            }
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, nanoTime));
        synchronized (bucket) {
            double elapsed = Math.max(0, nanoTime - bucket.updated) / 1e9;
            bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * perSecond);
            bucket.updated = nanoTime;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    int trackedClients() {
        return buckets.size();
    }

    private void evictIdle(long nanoTime) {
        for (Iterator<Map.Entry<String, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Bucket b = it.next().getValue();
            synchronized (b) {
                if (nanoTime - b.updated > IDLE_NANOS) {
                    it.remove();
                }
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
