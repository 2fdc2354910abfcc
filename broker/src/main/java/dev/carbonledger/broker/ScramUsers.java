package dev.carbonledger.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the SCRAM users of {@link BrokerSecurity} through the Admin API on the PLAINTEXT listener, at every
 * start. Formatting with SCRAM bootstrap records ({@code kafka-storage format --add-scram}) would only take
 * effect on the first format: this broker keeps its data across restarts, so users and changed passwords
 * would be missed afterwards. An upsert is idempotent and takes effect on a running broker.
 */
final class ScramUsers {

    private static final Logger LOGGER = LoggerFactory.getLogger(ScramUsers.class);
    /** Above SCRAM-SHA-512's minimum of 4096, as Kafka's documentation examples use. */
    static final int ITERATIONS = 8192;

    private ScramUsers() {
    }

    static void upsert(String plaintextBootstrap, BrokerSecurity security, Duration timeout) {
        if (security.scramUsers().isEmpty()) {
            return;
        }
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        security.scramUsers().forEach((name, password) -> alterations.add(new UserScramCredentialUpsertion(name,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
        Set<String> names = security.scramUserNames();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextBootstrap))) {
            admin.alterUserScramCredentials(alterations).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // The controller has committed them; wait until the broker serving clients knows them too.
            while (true) {
                Map<String, UserScramCredentialsDescription> known = admin.describeUserScramCredentials()
                        .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (known.keySet().containsAll(names)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new BrokerStartException("SCRAM users " + names + " not visible on the broker within "
                            + timeout.toMillis() + " ms; visible: " + known.keySet());
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("Interrupted while creating SCRAM users " + names, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new BrokerStartException("Cannot create SCRAM users " + names + " on " + plaintextBootstrap + ": "
                    + cause.getMessage(), cause);
        }
        LOGGER.info("event=scram_users_upserted mechanism={} users={}", BrokerSecurity.SCRAM_MECHANISM, names);
    }
}
