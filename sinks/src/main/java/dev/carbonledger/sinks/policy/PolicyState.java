package dev.carbonledger.sinks.policy;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.domain.intensity.IntensityStep;
import dev.carbonledger.domain.intensity.IntensityTimeline;
import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.sinks.internal.BudgetStatusBoard;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the policy server knows, fed by the {@link PolicyFollower} and read by the HTTP endpoints. No Kafka types.
 * Thread-safe: one writer thread, any number of reading request threads; every value held is immutable.
 * <ul>
 *   <li>budgets per team (a team whose latest budget record is invalid has none, as after compaction);</li>
 *   <li>burn status per team: the greatest period start ({@link BudgetStatusBoard});</li>
 *   <li>forecasts per zone: the one generated last (for the same {@code generatedAt}, the one read last);</li>
 *   <li>policy decisions per subject: the latest;</li>
 *   <li>intensity per zone and signal as step functions, pruned to what now and the future need.</li>
 * </ul>
 */
final class PolicyState {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyState.class);
    /** Distinct invalid-record messages logged before the server only counts them. */
    private static final int MAX_LOGGED_PROBLEMS = 1000;

    private final AccountingSignal accountingSignal;
    private final Map<String, BudgetSpec> budgets = new ConcurrentHashMap<>();
    private final BudgetStatusBoard statuses = new BudgetStatusBoard();
    private final Map<String, HeldForecast> forecasts = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, PolicyDecision> decisions = new ConcurrentSkipListMap<>();
    private final Map<Signal, Map<String, IntensityTimeline>> intensity = new EnumMap<>(Signal.class);
    private final AtomicLong invalidBudgets = new AtomicLong();
    private final AtomicLong invalidForecasts = new AtomicLong();
    private final Map<String, AtomicLong> decodeErrors = new ConcurrentHashMap<>();
    private final Set<String> loggedProblems = ConcurrentHashMap.newKeySet();
    private volatile boolean caughtUp;

    PolicyState(AccountingSignal accountingSignal) {
        this.accountingSignal = accountingSignal;
        for (Signal s : Signal.values()) {
            intensity.put(s, new ConcurrentHashMap<>());
        }
    }

    AccountingSignal accountingSignal() {
        return accountingSignal;
    }

    /** A record of the budgets topic; {@code value == null} is a tombstone for the team {@code key}. */
    void acceptBudget(String key, Budget value) {
        if (value == null) {
            if (key != null) {
                budgets.remove(key);
            }
            return;
        }
        String team = value.getTeam() == null || value.getTeam().isEmpty() ? key : value.getTeam();
        try {
            BudgetSpec spec = DomainRecords.budget(value);
            budgets.put(spec.team(), spec);
        } catch (IllegalArgumentException e) {
            invalidBudgets.incrementAndGet();
            if (team != null) {
                budgets.remove(team);
            }
            logOnce("budget|" + team + "|" + e.getMessage(), () -> LOGGER.warn(
                    "event=policy_budget_invalid team=\"{}\" reason=\"{}\" effect=\"the team has no budget until a "
                            + "valid one is set\" note=\"logged once per team and reason, counted in /readyz\"",
                    team, e.getMessage()));
        }
    }

    Optional<BudgetSpec> budget(String team) {
        return Optional.ofNullable(budgets.get(team));
    }

    /** A record of the budget status topic; {@code value == null} is a tombstone for the team {@code key}. */
    void acceptStatus(String key, BudgetStatus value) {
        statuses.accept(key, value);
    }

    /** The team's status if its period contains {@code nowMillis}; none means nothing was spent in this period yet. */
    Optional<BurnStatus> currentStatus(String team, long nowMillis) {
        return statuses.current(team, nowMillis);
    }

    /** Every team's status whose period contains {@code nowMillis}, by team. */
    List<BurnStatus> currentStatuses(long nowMillis) {
        return statuses.current(nowMillis);
    }

    /** A record of the forecasts topic; {@code value == null} is a tombstone for the zone {@code key}. */
    void acceptForecast(String key, IntensityForecast value) {
        if (value == null) {
            if (key != null) {
                forecasts.remove(key);
            }
            return;
        }
        HeldForecast read;
        try {
            read = new HeldForecast(value.getZone(), value.getProvider(), DomainRecords.signal(value.getSignal()),
                    value.getGeneratedAt().toEpochMilli(), DomainRecords.points(value));
        } catch (IllegalArgumentException e) {
            invalidForecasts.incrementAndGet();
            logOnce("forecast|" + value.getZone() + "|" + e.getMessage(), () -> LOGGER.warn(
                    "event=policy_forecast_invalid zone=\"{}\" generated_at={} reason=\"{}\" effect=\"ignored, the "
                            + "zone keeps its previous forecast\"", value.getZone(), value.getGeneratedAt(),
                    e.getMessage()));
            return;
        }
        forecasts.merge(read.zone(), read, (held, r) -> r.generatedAt() >= held.generatedAt() ? r : held);
    }

    Optional<HeldForecast> forecast(String zone) {
        return Optional.ofNullable(forecasts.get(zone));
    }

    /** A record of the policy topic; {@code value == null} is a tombstone for the subject {@code key}. */
    void acceptDecision(String key, PolicyDecision value) {
        if (value == null) {
            if (key != null) {
                decisions.remove(key);
            }
            return;
        }
        decisions.put(value.getSubject(), value);
    }

    Optional<PolicyDecision> decision(String subject) {
        return Optional.ofNullable(decisions.get(subject));
    }

    /** The latest decisions whose subject starts with {@code prefix}, by subject, at most {@code limit}. */
    List<PolicyDecision> decisionsWithPrefix(String prefix, int limit) {
        List<PolicyDecision> out = new ArrayList<>();
        for (PolicyDecision d : decisions.tailMap(prefix, true).values()) {
            if (!d.getSubject().startsWith(prefix) || out.size() >= limit) {
                break;
            }
            out.add(d);
        }
        return out;
    }

    /** A record of the intensity topic: a step of its zone's timeline for its signal, then pruned to {@code nowMillis}. */
    void acceptIntensity(IntensityRecord record, long nowMillis) {
        Signal signal = DomainRecords.signal(record.getSignal());
        IntensityTimeline timeline = intensity.get(signal)
                .computeIfAbsent(record.getZone(), z -> new IntensityTimeline(Double.NaN));
        timeline.put(record.getFrom().toEpochMilli(), record.getGCo2ePerKwh());
        timeline.pruneBefore(nowMillis);
    }

    /** Forgets every intensity step no time from {@code nowMillis} on can use (time passes without records). */
    void pruneIntensity(long nowMillis) {
        intensity.values().forEach(byZone -> byZone.values().forEach(t -> t.pruneBefore(nowMillis)));
    }

    /** The value of the signal in effect for the zone at {@code t}; empty when no record is in effect. */
    OptionalDouble intensityAt(String zone, Signal signal, long t) {
        IntensityTimeline timeline = intensity.get(signal).get(zone);
        if (timeline == null) {
            return OptionalDouble.empty();
        }
        IntensityStep step = timeline.at(t);
        return step.fromMillis() == null ? OptionalDouble.empty() : OptionalDouble.of(step.gCo2ePerKwh());
    }

    /** Every zone with a forecast or an intensity step held, sorted. */
    SortedSet<String> zones() {
        SortedSet<String> out = new TreeSet<>(forecasts.keySet());
        intensity.values().forEach(byZone -> out.addAll(byZone.keySet()));
        return out;
    }

    void decodeError(String topic) {
        decodeErrors.computeIfAbsent(topic, k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> decodeErrors() {
        Map<String, Long> out = new TreeMap<>();
        decodeErrors.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    long invalidBudgets() {
        return invalidBudgets.get();
    }

    long invalidForecasts() {
        return invalidForecasts.get();
    }

    /** Set once every topic partition present at start has been read up to its end offset at start. */
    void caughtUp() {
        this.caughtUp = true;
    }

    boolean isCaughtUp() {
        return caughtUp;
    }

    private void logOnce(String key, Runnable log) {
        if (loggedProblems.size() < MAX_LOGGED_PROBLEMS && loggedProblems.add(key)) {
            log.run();
        }
    }
}
