package dev.carbonledger.streams.testing;

import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** A schema registry in memory, for tests: ids by schema text, subjects remembered. */
public final class InMemoryRegistry implements SchemaRegistryClient {
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Boolean> subjects = new ConcurrentHashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        subjects.put(subject, true);
        return idsBySchema.computeIfAbsent(schema.toString(), s -> {
            int id = schemasById.size() + 1;
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Schema getById(int id) {
        Schema s = schemasById.get(id);
        if (s == null) {
            throw new SchemaRegistryException("no schema with id " + id);
        }
        return s;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return true;
    }

    @Override
    public List<String> subjects() {
        return new ArrayList<>(subjects.keySet());
    }
}
