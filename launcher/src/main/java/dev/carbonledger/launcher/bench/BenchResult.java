package dev.carbonledger.launcher.bench;

import java.util.Locale;

/**
 * Figures of one benchmark run.
 *
 * @param samples               samples in the throughput phase (including duplicates)
 * @param rawSamplesPerSecond   plain consumer reading and deserializing the samples topic
 * @param eosPipeSamplesPerSecond minimal exactly-once pipe on the same topic: consume, produce one record of the same
 *                              size per input, commit every commit interval in a transaction ({@link EosPipe})
 * @param topologySamplesPerSecond accounting topology, exactly-once, until every sample was processed, all partial
 *                              aggregates flushed and summed, and committed
 * @param steadyRate            samples/s produced during the latency phase (half the measured maximum)
 * @param p50Millis             median latency from sample produce to a rollup update visible (read_committed)
 * @param p99Millis             99th percentile of the same
 * @param latencySamples        rollup updates measured
 * @param activeSeries          series with state after the throughput phase
 * @param heapBytesPer100kSeries heap used by the app after the run (after GC, minus before start), per 100k series
 * @param seriesStoreBytesPerSeries estimated heap bytes per series of the in-memory series state store
 * @param teams                 teams of the simulated pods
 * @param budgets               whether every team had a budget
 * @param budgetSpendRecords    per-team window spend records the budget-burn processor applied
 * @param budgetState           heap of the budget-burn state for 10,000 teams, measured in isolation
 */
public record BenchResult(long samples, double rawSamplesPerSecond, double eosPipeSamplesPerSecond,
                          double topologySamplesPerSecond, double steadyRate,
                          double p50Millis, double p99Millis, long latencySamples, long activeSeries,
                          long heapBytesPer100kSeries, long seriesStoreBytesPerSeries, int teams, boolean budgets,
                          long budgetSpendRecords, BudgetFootprint budgetState) {

    public double ratio() {
        return rawSamplesPerSecond == 0 ? 0 : topologySamplesPerSecond / rawSamplesPerSecond;
    }

    /**
     * Topology ÷ exactly-once pipe: how close the accounting comes to the honest ceiling of an exactly-once ledger on
     * this broker and commit interval (the pipe does the least any exactly-once consumer-producer must).
     */
    public double eosRatio() {
        return eosPipeSamplesPerSecond == 0 ? 0 : topologySamplesPerSecond / eosPipeSamplesPerSecond;
    }

    /**
     * The one-line summary: {@code raw_sps=... eos_pipe_sps=... topology_sps=... ratio=... eos_ratio=... p50_ms=...
     * p99_ms=...}.
     */
    public String keyValueLine() {
        return String.format(Locale.ROOT,
                "raw_sps=%.0f eos_pipe_sps=%.0f topology_sps=%.0f ratio=%.3f eos_ratio=%.3f p50_ms=%.0f p99_ms=%.0f steady_sps=%.0f latency_samples=%d"
                        + " samples=%d series=%d heap_bytes_per_100k_series=%d series_store_bytes_per_series=%d"
                        + " teams=%d budgets=%s budget_spend_records=%d budget_heap_bytes_10k_teams=%d"
                        + " budget_state_bytes_per_team=%d",
                rawSamplesPerSecond, eosPipeSamplesPerSecond, topologySamplesPerSecond, ratio(), eosRatio(), p50Millis, p99Millis, steadyRate, latencySamples,
                samples, activeSeries, heapBytesPer100kSeries, seriesStoreBytesPerSeries, teams, budgets ? "on" : "off",
                budgetSpendRecords, budgetState.heapBytes(), budgetState.encodedBytesPerTeam());
    }
}
