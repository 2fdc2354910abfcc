package dev.carbonledger.streams;

import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.internal.FlatJson;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * JSON mirrors: the rollup, budget-status, SCI and policy topics republished as flat JSON ({@link FlatJson}) on
 * {@code <topic>.json} ({@link TopicNames#jsonMirror}), same key, for Grafana's Kafka data source and tools that don't
 * speak Avro. Each mirror is its own sub-topology reading the Avro output topic ({@code read_committed}, as every
 * source of the app) and writing in the app's transactions: exactly once, nothing lost, nothing doubled. A tombstone
 * stays a tombstone; a record that cannot be decoded goes to the dead-letter topic with the reason (the app's
 * deserialization handler).
 *
 * <pre>
 *  carbon.emissions.team ──► json-mirror-team-windows-source ─► json-mirror-team-windows-encode ─► …-sink ─► carbon.emissions.team.json
 *  (likewise model-windows, team-hourly-windows, budget-status, sci, policy)
 * </pre>
 */
public final class JsonMirrorTopology {
    private JsonMirrorTopology() {}

    /** One mirrored topic: a stable name for its processors (part of the deployed state) and its Avro value serde. */
    public record Mirror(String name, String topic, Serde<? extends SpecificRecord> values) {
        public String source() { return "json-mirror-" + name + "-source"; }
        public String encoder() { return "json-mirror-" + name + "-encode"; }
        public String sink() { return "json-mirror-" + name + "-sink"; }
    }

    /** The mirrored topics, in the order of the documentation (docs/subscribing.md). */
    public static List<Mirror> mirrors(TopicNames topics, AccountingSerdes serdes) {
        return List.of(
                new Mirror("team-windows", topics.teamWindows(), serdes.windows()),
                new Mirror("model-windows", topics.modelWindows(), serdes.windows()),
                new Mirror("team-hourly-windows", topics.teamHourly(), serdes.windows()),
                new Mirror("budget-status", topics.budgetStatus(), serdes.budgetStatus()),
                new Mirror("sci", topics.sci(), serdes.sci()),
                new Mirror("policy", topics.policy(), serdes.policy()));
    }

    /** Adds one sub-topology per mirror to {@code builder}. */
    public static void addTo(StreamsBuilder builder, TopicNames topics, AccountingSerdes serdes) {
        List<Mirror> mirrors = mirrors(topics, serdes);
        // TopicNames.mirrored() is what topic creation, the start-up check and the ACLs use: the two lists are one.
        List<String> mirrored = mirrors.stream().map(Mirror::topic).toList();
        if (!mirrored.equals(topics.mirrored())) {
            throw new IllegalStateException("JSON mirrors " + mirrored + " differ from TopicNames.mirrored() "
                    + topics.mirrored());
        }
        for (Mirror mirror : mirrors) {
            add(builder, topics, mirror);
        }
    }

    private static <V extends SpecificRecord> void add(StreamsBuilder builder, TopicNames topics, Mirror mirror) {
        @SuppressWarnings("unchecked")
        Serde<V> values = (Serde<V>) mirror.values();
        builder.stream(mirror.topic(), Consumed.with(Serdes.String(), values).withName(mirror.source()))
                .mapValues(FlatJson::encode, Named.as(mirror.encoder()))
                .to(topics.jsonMirror(mirror.topic()),
                        Produced.with(Serdes.String(), Serdes.String()).withName(mirror.sink()));
    }
}
