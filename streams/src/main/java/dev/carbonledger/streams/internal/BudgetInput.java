package dev.carbonledger.streams.internal;

import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetSpecCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the budget-burn processor of a team receives, through the {@code budget-inputs} repartition topic (key =
 * team): the team's spend per window from every accounting task, and the budget changes and transfers validated by
 * the intake. Budgets and spend share one topic so that, per team, they arrive in one task in one order.
 */
public sealed interface BudgetInput {
    String team();

    /** The team's emissions of one window, summed over models, namespaces and zones of one flush of one task. */
    record Spend(String team, long windowStart, double grams, double joules, long eventTime) implements BudgetInput {}

    /** A budget set or replaced. */
    record SetBudget(BudgetSpec spec) implements BudgetInput {
        @Override
        public String team() {
            return spec.team();
        }
    }

    /** A budget removed (a tombstone on the budgets topic). */
    record DeleteBudget(String team) implements BudgetInput {}

    /** One side of a transfer: {@code deltaGrams} of limit in (positive) or out (negative) for the period of {@code at}. */
    record Transfer(String team, String transferId, String counterparty, long at, double deltaGrams) implements BudgetInput {}

    byte SPEND = 1;
    byte SET = 2;
    byte DELETE = 3;
    byte TRANSFER = 4;

    static byte[] encode(BudgetInput input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (input instanceof Spend s) {
                out.writeByte(SPEND);
                out.writeUTF(s.team());
                out.writeLong(s.windowStart());
                out.writeDouble(s.grams());
                out.writeDouble(s.joules());
                out.writeLong(s.eventTime());
            } else if (input instanceof SetBudget b) {
                out.writeByte(SET);
                BudgetSpecCodec.write(out, b.spec());
            } else if (input instanceof DeleteBudget d) {
                out.writeByte(DELETE);
                out.writeUTF(d.team());
            } else if (input instanceof Transfer t) {
                out.writeByte(TRANSFER);
                out.writeUTF(t.team());
                out.writeUTF(t.transferId());
                out.writeUTF(t.counterparty());
                out.writeLong(t.at());
                out.writeDouble(t.deltaGrams());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static BudgetInput decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte tag = in.readByte();
            return switch (tag) {
                case SPEND -> new Spend(in.readUTF(), in.readLong(), in.readDouble(), in.readDouble(), in.readLong());
                case SET -> new SetBudget(BudgetSpecCodec.read(in));
                case DELETE -> new DeleteBudget(in.readUTF());
                case TRANSFER -> new Transfer(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readDouble());
                default -> throw new IllegalArgumentException("unknown budget input tag " + tag);
            };
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt budget input (" + data.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** Serde of the {@code budget-inputs} repartition topic. */
    static Serde<BudgetInput> serde() {
        Serializer<BudgetInput> ser = (topic, v) -> v == null ? null : encode(v);
        Deserializer<BudgetInput> de = (topic, data) -> data == null ? null : decode(data);
        return Serdes.serdeFrom(ser, de);
    }
}
