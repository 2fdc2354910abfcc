package dev.carbonledger.collectors.publisher;

/** Records acknowledged by the broker per kind, and failed sends, since the publisher started. */
public record PublisherStats(
        long samples, long pods, long nodes, long intensityRecords, long forecasts, long failedSends) {}
