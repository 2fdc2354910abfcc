package dev.carbonledger.collectors.sample;

/** One energy series of the ledger: a pod and a component (package, dram, gpu ...). */
public record SeriesKey(String podUid, String component) {}
