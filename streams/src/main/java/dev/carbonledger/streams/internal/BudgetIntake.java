package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetSpecCodec;
import dev.carbonledger.domain.budget.Grams;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates what reaches the budgets and budget-transfers topics (written by {@code carbon-ledger budgets}, or by
 * anything else) and turns it into {@link BudgetInput}s for the burn processor. A record that cannot apply throws
 * {@link InvalidBudgetException}: it goes to the dead-letter topic with the reason, and the budgets in effect do not
 * change. The intake keeps its own view of the budgets and of this period's transfers (the
 * {@code budget-definitions-store}) to judge transfers: both teams need budgets of the same period, and the giving
 * team must keep a positive limit.
 *
 * <p>Both topics have one partition, so one task sees every budget and transfer in order.
 */
public final class BudgetIntake {
    private static final Logger LOGGER = LoggerFactory.getLogger(BudgetIntake.class);

    private BudgetIntake() {}

    /** The budgets topic: a budget per team (key), a tombstone deletes it. */
    public static ProcessorSupplier<String, Budget, String, BudgetInput> budgets(String storeName,
                                                                                 AccountingMetrics metrics) {
        return () -> new Intake<Budget>(storeName) {
            @Override
            public void process(Record<String, Budget> record) {
                String key = record.key();
                Budget budget = record.value();
                if (budget == null) {
                    if (key == null || key.isEmpty()) {
                        throw new InvalidBudgetException("tombstone without a key on the budgets topic: no team to delete");
                    }
                    store.delete(key);
                    metrics.increment(Counter.BUDGETS_DELETED);
                    LOGGER.info("event=budget_deleted team={}", key);
                    context.forward(new Record<>(key, new BudgetInput.DeleteBudget(key), record.timestamp()));
                    return;
                }
                BudgetSpec spec;
                try {
                    spec = DomainRecords.budget(budget);
                } catch (IllegalArgumentException e) {
                    throw new InvalidBudgetException("invalid budget for team '" + budget.getTeam() + "': " + e.getMessage());
                }
                if (key != null && !key.equals(spec.team())) {
                    throw new InvalidBudgetException("budget key '" + key + "' does not match its team '" + spec.team()
                            + "': budgets are keyed by team");
                }
                Definition previous = Definition.decode(store.get(spec.team()));
                TreeMap<Long, Double> transfers = previous != null && previous.spec().period() == spec.period()
                        ? previous.transfers() : new TreeMap<>();
                store.put(spec.team(), new Definition(spec, transfers).encode());
                metrics.increment(Counter.BUDGETS_SET);
                LOGGER.info("event=budget_set team={} budget=\"{}\" updatedBy={}", spec.team(), spec, budget.getUpdatedBy());
                context.forward(new Record<>(spec.team(), new BudgetInput.SetBudget(spec), record.timestamp()));
            }
        };
    }

    /** The transfers topic: each record moves limit from one team to another for the period it was made in. */
    public static ProcessorSupplier<String, BudgetTransfer, String, BudgetInput> transfers(String storeName,
                                                                                         AccountingMetrics metrics) {
        return () -> new Intake<BudgetTransfer>(storeName) {
            @Override
            public void process(Record<String, BudgetTransfer> record) {
                BudgetTransfer t = record.value();
                if (t == null) {
                    throw new InvalidBudgetException("tombstone on the budget transfers topic: transfers cannot be undone, "
                            + "make a transfer back instead");
                }
                Definition from = Definition.decode(store.get(t.getFromTeam()));
                Definition to = Definition.decode(store.get(t.getToTeam()));
                long at = t.getRequestedAt().toEpochMilli();
                List<String> problems = problems(t, from, to, at);
                if (!problems.isEmpty()) {
                    throw new InvalidBudgetException("invalid budget transfer " + t.getTransferId() + ": "
                            + String.join("; ", problems));
                }
                long periodStart = from.spec().period().start(at);
                double amount = t.getAmountGrams();
                from.transfers().merge(periodStart, -amount, Double::sum);
                to.transfers().merge(periodStart, amount, Double::sum);
                store.put(t.getFromTeam(), from.encode());
                store.put(t.getToTeam(), to.encode());
                metrics.increment(Counter.TRANSFERS_APPLIED);
                LOGGER.info("event=budget_transfer id={} from={} to={} amount=\"{}\" periodStart={} by={} reason=\"{}\"",
                        t.getTransferId(), t.getFromTeam(), t.getToTeam(), Grams.format(amount),
                        Instant.ofEpochMilli(periodStart), t.getRequestedBy(), t.getReason());
                context.forward(new Record<>(t.getFromTeam(), new BudgetInput.Transfer(t.getFromTeam(), t.getTransferId(),
                        t.getToTeam(), at, -amount), record.timestamp()));
                context.forward(new Record<>(t.getToTeam(), new BudgetInput.Transfer(t.getToTeam(), t.getTransferId(),
                        t.getFromTeam(), at, amount), record.timestamp()));
            }
        };
    }

    /** An intake processor: the definitions store, and its one child (the budget-inputs merge). */
    private abstract static class Intake<V> implements Processor<String, V, String, BudgetInput> {
        private final String storeName;
        ProcessorContext<String, BudgetInput> context;
        KeyValueStore<String, byte[]> store;

        Intake(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(ProcessorContext<String, BudgetInput> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }
    }

    /** Every reason a transfer cannot apply, given the two teams' budgets as the intake knows them. */
    static List<String> problems(BudgetTransfer t, Definition from, Definition to, long at) {
        List<String> problems = new ArrayList<>();
        double amount = t.getAmountGrams();
        if (!(Double.isFinite(amount) && amount > 0)) {
            problems.add("amount must be a positive number of grams, got " + amount);
        }
        if (t.getFromTeam().equals(t.getToTeam())) {
            problems.add("from and to are the same team '" + t.getFromTeam() + "'");
        }
        if (t.getRequestedBy() == null || t.getRequestedBy().isBlank()) {
            problems.add("requestedBy is empty: a transfer must say who made it");
        }
        if (t.getReason() == null || t.getReason().isBlank()) {
            problems.add("reason is empty: a transfer must say why");
        }
        if (from == null) {
            problems.add("team '" + t.getFromTeam() + "' has no budget to give from");
        }
        if (to == null) {
            problems.add("team '" + t.getToTeam() + "' has no budget to receive into");
        }
        if (from != null && to != null && from.spec().period() != to.spec().period()) {
            problems.add("transfers need budgets of the same period: " + t.getFromTeam() + " is "
                    + from.spec().period().adjective() + ", " + t.getToTeam() + " is " + to.spec().period().adjective());
        }
        if (problems.isEmpty()) {
            long periodStart = from.spec().period().start(at);
            double limit = from.spec().limitGrams() + from.transfers().getOrDefault(periodStart, 0.0);
            if (amount >= limit) {
                problems.add("team '" + t.getFromTeam() + "' would have no limit left: it has " + Grams.format(limit)
                        + " for the period starting " + Instant.ofEpochMilli(periodStart) + ", the transfer takes "
                        + Grams.format(amount));
            }
        }
        return problems;
    }

    /** A team's budget as the intake knows it, with this and recent periods' net transfers. */
    record Definition(BudgetSpec spec, TreeMap<Long, Double> transfers) {
        /** Transfers older than this are forgotten (no period is longer than a month). */
        private static final long KEEP_MILLIS = 62L * 86_400_000L;

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                BudgetSpecCodec.write(out, spec);
                Map<Long, Double> recent = transfers.isEmpty() ? transfers
                        : transfers.tailMap(transfers.lastKey() - KEEP_MILLIS, true);
                out.writeInt(recent.size());
                for (Map.Entry<Long, Double> e : recent.entrySet()) {
                    out.writeLong(e.getKey());
                    out.writeDouble(e.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static Definition decode(byte[] data) {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                BudgetSpec spec = BudgetSpecCodec.read(in);
                TreeMap<Long, Double> transfers = new TreeMap<>();
                for (int n = in.readInt(); n > 0; n--) {
                    transfers.put(in.readLong(), in.readDouble());
                }
                return new Definition(spec, transfers);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("corrupt budget definition in the intake store (" + data.length + " bytes)", e);
            }
        }
    }
}
