package dev.carbonledger.streams.internal;

/** Names of every store of the topology (they also name changelog topics: never change them lightly). */
public record StoreNames(String seriesState, String preAggregates, String windows, String totals, String pods,
                         String nodes, String intensity, String budgetDefinitions, String budgetBurn, String forecasts,
                         String sciNodeEnergy, String unitSeries, String sciNodeWindows, String sciWindows) {
    public static final StoreNames DEFAULT = new StoreNames("series-state-store", "pre-aggregates-store",
            "window-aggregates-store", "emissions-totals-store", "pods-global-store", "nodes-global-store",
            "intensity-global-store", "budget-definitions-store", "budget-burn-store", "forecasts-store",
            "sci-node-energy-store", "functional-unit-series-store", "sci-node-windows-store", "sci-windows-store");
}
