package dev.carbonledger.launcher.bench;

import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnSettings;
import dev.carbonledger.domain.budget.TeamBurn;
import dev.carbonledger.domain.budget.TeamBurnCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.common.utils.Bytes;

/**
 * Heap of the budget-burn state for many teams, measured in isolation: each team in its worst case (a daily budget
 * exhausted every day of the 62 days kept, so every day holds its spend and three alerted thresholds, and spend in
 * every bucket of the recent history), encoded as the {@code budget-burn-store} holds it, in the map Kafka Streams'
 * in-memory store uses.
 *
 * @param teams               teams measured
 * @param heapBytes           heap after GC with them held, minus before
 * @param encodedBytesPerTeam size of one team's state, also its changelog record
 */
public record BudgetFootprint(int teams, long heapBytes, long encodedBytesPerTeam) {
    private static final long DAY = 86_400_000L;

    public static BudgetFootprint measure(int teams) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        ConcurrentSkipListMap<Bytes, byte[]> store = new ConcurrentSkipListMap<>();
        BurnSettings settings = BurnSettings.defaults(60_000);
        long now = 1_780_000_000_000L;
        long encoded = 0;
        for (int t = 0; t < teams; t++) {
            String team = String.format("team-%05d", t);
            TeamBurn burn = new TeamBurn(team, settings);
            burn.setBudget(BudgetSpec.of(team, BudgetPeriod.DAY, 1, BudgetTier.HARD), now - 62 * DAY);
            for (long ts = now - 62 * DAY; ts < now - DAY; ts += DAY) {
                burn.addSpend(ts, 1, 1, ts);
            }
            // Only the last hour needs minute resolution: the rest of the day adds to the same day entry.
            burn.addSpend(now - DAY, 1_380, 1_380, now - DAY);
            for (long ts = now - 3_600_000L; ts <= now; ts += 60_000) {
                burn.addSpend(ts, 1, 1, ts);
            }
            byte[] value = TeamBurnCodec.encode(burn);
            encoded = value.length;
            store.put(Bytes.wrap(team.getBytes(StandardCharsets.UTF_8)), value);
        }
        long heap = usedAfterGc(memory) - before;
        if (store.size() != teams) {
            throw new IllegalStateException("measured " + store.size() + " teams instead of " + teams);
        }
        return new BudgetFootprint(teams, heap, encoded);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
