package dev.carbonledger.sinks.internal;

import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.schemas.mapping.DomainRecords;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The budget status topic ({@code carbon.budget.status}, key = team) read into the latest status per team: the
 * record with the greatest {@code periodStart}, and of those the one read last. The streams app writes a record
 * for a past period when late pieces arrive for it, followed by one for the current period; keeping the greatest
 * period start means such a correction never hides the current period. A tombstone removes the key's team.
 * Thread-safe for one writer and any number of readers.
 */
public final class BudgetStatusBoard {
    private final Map<String, BurnStatus> byTeam = new ConcurrentHashMap<>();

    /** Applies one record of the topic; {@code value == null} is a tombstone for {@code key}. */
    public void accept(String key, BudgetStatus value) {
        if (value == null) {
            if (key != null) {
                byTeam.remove(key);
            }
            return;
        }
        BurnStatus status = DomainRecords.status(value);
        byTeam.merge(status.team(), status, (held, read) -> read.periodStart() >= held.periodStart() ? read : held);
    }

    /** The latest status of a team, whatever its period. */
    public Optional<BurnStatus> latest(String team) {
        return Optional.ofNullable(byTeam.get(team));
    }

    /** The team's latest status if its period contains {@code nowMillis}; otherwise a new period has begun. */
    public Optional<BurnStatus> current(String team, long nowMillis) {
        return latest(team).filter(s -> contains(s, nowMillis));
    }

    /** Every team's status whose period contains {@code nowMillis}, by team. */
    public List<BurnStatus> current(long nowMillis) {
        return byTeam.values().stream().filter(s -> contains(s, nowMillis))
                .sorted(Comparator.comparing(BurnStatus::team)).toList();
    }

    public int size() {
        return byTeam.size();
    }

    private static boolean contains(BurnStatus s, long t) {
        return s.periodStart() <= t && t < s.periodEnd();
    }
}
