package dev.carbonledger.domain.budget;

import java.util.Arrays;

/**
 * Recent spend of one team in fixed time buckets, for burn rates over trailing windows: a ring of {@code n} buckets
 * of {@code bucketMillis}, the newest at {@link #headBucket()}. Spend older than the ring is not kept here (it still
 * counts in the period totals). Amounts are floats: rates need no more precision, and 10,000 teams stay small.
 * Not thread-safe.
 */
public final class SpendRing {
    private final long bucketMillis;
    private final float[] buckets;
    /** Absolute index ({@code floor(t / bucketMillis)}) of the newest bucket, or {@link Long#MIN_VALUE} when empty. */
    private long head = Long.MIN_VALUE;

    public SpendRing(long bucketMillis, int size) {
        if (bucketMillis <= 0 || size <= 0) {
            throw new IllegalArgumentException("bucket length and ring size must be positive: " + bucketMillis + ", " + size);
        }
        this.bucketMillis = bucketMillis;
        this.buckets = new float[size];
    }

    /** Restores a ring from its parts ({@link #headBucket()}, {@link #values()}). */
    public static SpendRing of(long bucketMillis, long headBucket, float[] values) {
        SpendRing ring = new SpendRing(bucketMillis, values.length);
        System.arraycopy(values, 0, ring.buckets, 0, values.length);
        ring.head = headBucket;
        return ring;
    }

    public long bucketMillis() {
        return bucketMillis;
    }

    public int size() {
        return buckets.length;
    }

    public long headBucket() {
        return head;
    }

    /** The raw buckets, indexed by {@code floorMod(bucket, size)}. */
    public float[] values() {
        return buckets.clone();
    }

    /** Adds spend at time {@code t}; spend older than the ring is ignored. */
    public void add(long t, double grams) {
        long bucket = Math.floorDiv(t, bucketMillis);
        advanceToBucket(bucket);
        if (bucket <= head - buckets.length) {
            return;
        }
        buckets[(int) Math.floorMod(bucket, (long) buckets.length)] += (float) grams;
    }

    /** Moves the ring forward so that the bucket of {@code t} exists (empty buckets in between). */
    public void advanceTo(long t) {
        advanceToBucket(Math.floorDiv(t, bucketMillis));
    }

    private void advanceToBucket(long bucket) {
        if (head == Long.MIN_VALUE) {
            head = bucket;
            return;
        }
        if (bucket <= head) {
            return;
        }
        if (bucket - head >= buckets.length) {
            Arrays.fill(buckets, 0f);
        } else {
            for (long b = head + 1; b <= bucket; b++) {
                buckets[(int) Math.floorMod(b, (long) buckets.length)] = 0f;
            }
        }
        head = bucket;
    }

    /**
     * Spend in the {@code windowMillis} ending with the bucket that contains {@code now}: the buckets
     * {@code (bucket(now) - k, bucket(now)]} with {@code k = windowMillis / bucketMillis} (at least one, at most the
     * ring). Buckets newer than {@code now} are not counted.
     */
    public double sum(long now, long windowMillis) {
        if (head == Long.MIN_VALUE) {
            return 0;
        }
        long last = Math.floorDiv(now, bucketMillis);
        long count = Math.min(buckets.length, Math.max(1, windowMillis / bucketMillis));
        long first = last - count + 1;
        double sum = 0;
        for (long b = Math.max(first, head - buckets.length + 1); b <= Math.min(last, head); b++) {
            sum += buckets[(int) Math.floorMod(b, (long) buckets.length)];
        }
        return sum;
    }
}
