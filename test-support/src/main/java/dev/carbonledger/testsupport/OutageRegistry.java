package dev.carbonledger.testsupport;

import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A registry client that fails as an unreachable registry does (connection refused, after the client's retries)
 * while it is down (from construction until {@link #up()}, and again after {@link #down()}), and otherwise answers
 * from the registry it wraps.
 */
public final class OutageRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean down = true;

    public OutageRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    public void up() {
        down = false;
    }

    public void down() {
        down = true;
    }

    /** Calls refused so far. */
    public int refused() {
        return refused.get();
    }

    private void check(String call) {
        if (down) {
            refused.incrementAndGet();
            throw new SchemaRegistryException("Schema registry " + call + " failed: java.net.ConnectException", -1, -1,
                    new ConnectException("Connection refused"));
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        check("POST /subjects/" + subject + "/versions");
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        check("GET /schemas/ids/" + id);
        return delegate.getById(id);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        check("POST /compatibility/subjects/" + subject);
        return delegate.isCompatible(subject, schema);
    }

    @Override
    public List<String> subjects() {
        check("GET /subjects");
        return delegate.subjects();
    }
}
