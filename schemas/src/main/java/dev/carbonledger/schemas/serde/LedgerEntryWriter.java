package dev.carbonledger.schemas.serde;

import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link LedgerEntry} field by field, in schema order, with the same encoder calls as Avro's generic
 * writer, so the bytes are identical (checked by {@code LedgerEntryWriterTest}); without the generic writer's
 * per-field schema dispatch and logical-type conversion lookups. The ledger gets one record per sample interval,
 * which makes this the hottest serializer of the accounting topology.
 *
 * <p>Only valid for the schema it was written against: {@link #supports(Schema)} says whether a schema is that one,
 * and {@link ConfluentAvroSerializer} falls back to the generic writer otherwise.
 */
final class LedgerEntryWriter implements DatumWriter<LedgerEntry> {
    /** The field layout this writer implements: the record's field names and types, pieces included. */
    private static final String LAYOUT = "podUid:STRING component:STRING node:STRING zone:STRING namespace:STRING "
            + "team:STRING model:STRING intervalStart:LONG/timestamp-millis intervalEnd:LONG/timestamp-millis "
            + "counterReset:BOOLEAN pue:DOUBLE energyJoules:DOUBLE co2eGrams:DOUBLE pieces:ARRAY[start:LONG/timestamp-millis "
            + "end:LONG/timestamp-millis windowStart:LONG/timestamp-millis energyJoules:DOUBLE gCo2ePerKwh:DOUBLE "
            + "intensityFrom:UNION[NULL,LONG/timestamp-millis] co2eGrams:DOUBLE]";

    static boolean supports(Schema schema) {
        return LAYOUT.equals(layout(schema));
    }

    @Override
    public void setSchema(Schema schema) {
        if (!supports(schema)) {
            throw new IllegalArgumentException("LedgerEntryWriter cannot write schema " + schema.getFullName()
                    + " (layout " + layout(schema) + ")");
        }
    }

    @Override
    public void write(LedgerEntry e, Encoder out) throws IOException {
        out.writeString(e.getPodUid());
        out.writeString(e.getComponent());
        out.writeString(e.getNode());
        out.writeString(e.getZone());
        out.writeString(e.getNamespace());
        out.writeString(e.getTeam());
        out.writeString(e.getModel());
        out.writeLong(e.getIntervalStart().toEpochMilli());
        out.writeLong(e.getIntervalEnd().toEpochMilli());
        out.writeBoolean(e.getCounterReset());
        out.writeDouble(e.getPue());
        out.writeDouble(e.getEnergyJoules());
        out.writeDouble(e.getCo2eGrams());
        List<LedgerPiece> pieces = e.getPieces();
        out.writeArrayStart();
        out.setItemCount(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            LedgerPiece p = pieces.get(i);
            out.startItem();
            out.writeLong(p.getStart().toEpochMilli());
            out.writeLong(p.getEnd().toEpochMilli());
            out.writeLong(p.getWindowStart().toEpochMilli());
            out.writeDouble(p.getEnergyJoules());
            out.writeDouble(p.getGCo2ePerKwh());
            if (p.getIntensityFrom() == null) {
                out.writeIndex(0);
                out.writeNull();
            } else {
                out.writeIndex(1);
                out.writeLong(p.getIntensityFrom().toEpochMilli());
            }
            out.writeDouble(p.getCo2eGrams());
        }
        out.writeArrayEnd();
    }

    /** The names and types of a record's fields, nested records and unions spelled out, e.g. {@code a:LONG b:STRING}. */
    static String layout(Schema schema) {
        StringBuilder sb = new StringBuilder();
        for (Schema.Field f : schema.getFields()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(f.name()).append(':').append(type(f.schema()));
        }
        return sb.toString();
    }

    private static String type(Schema s) {
        return switch (s.getType()) {
            case RECORD -> layout(s);
            case ARRAY -> "ARRAY[" + type(s.getElementType()) + "]";
            case UNION -> "UNION" + s.getTypes().stream().map(LedgerEntryWriter::type).toList().toString().replace(" ", "");
            default -> s.getType() + (s.getLogicalType() == null ? "" : "/" + s.getLogicalType().getName());
        };
    }
}
