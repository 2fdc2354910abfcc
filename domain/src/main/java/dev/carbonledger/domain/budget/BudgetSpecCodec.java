package dev.carbonledger.domain.budget;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A budget in binary, inside the state and repartition formats that carry one: team, period, tier, limit, thresholds. */
public final class BudgetSpecCodec {
    private BudgetSpecCodec() {}

    public static void write(DataOutput out, BudgetSpec spec) throws IOException {
        out.writeUTF(spec.team());
        out.writeByte(spec.period().ordinal());
        out.writeByte(spec.tier().ordinal());
        out.writeDouble(spec.limitGrams());
        out.writeInt(spec.thresholds().size());
        for (double t : spec.thresholds()) {
            out.writeDouble(t);
        }
    }

    /**
     * @throws IllegalArgumentException if the values read are not a valid budget
     */
    public static BudgetSpec read(DataInput in) throws IOException {
        String team = in.readUTF();
        BudgetPeriod period = BudgetPeriod.values()[in.readByte()];
        BudgetTier tier = BudgetTier.values()[in.readByte()];
        double limit = in.readDouble();
        int n = in.readInt();
        if (n < 0 || n > 1_000) {
            throw new IllegalArgumentException("corrupt budget: " + n + " thresholds");
        }
        List<Double> thresholds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            thresholds.add(in.readDouble());
        }
        return new BudgetSpec(team, period, limit, tier, thresholds);
    }
}
