package dev.carbonledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {
    static final String V1 = record("{\"name\": \"a\", \"type\": \"string\"}");
    static final String V2_OPTIONAL_B = record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\", \"default\": 0}");
    static final String V2_REQUIRED_B = record("{\"name\": \"a\", \"type\": \"string\"}, {\"name\": \"b\", \"type\": \"int\"}");
    static final String EMPTY = record("");

    static String record(String fields) {
        return "{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"test\", \"fields\": [" + fields + "]}";
    }

    private final SchemaStore store = SchemaStore.inMemory();

    @Test
    void shouldAssignIncreasingGlobalIdsAndVersionsPerSubject() {
        RegisteredSchema first = store.register("s-value", V1);
        RegisteredSchema second = store.register("s-value", V2_OPTIONAL_B);
        RegisteredSchema other = store.register("t-value", V2_REQUIRED_B);

        assertThat(first.id()).isEqualTo(1);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(second.version()).isEqualTo(2);
        assertThat(other.id()).isEqualTo(3);
        assertThat(other.version()).isEqualTo(1);
        assertThat(store.subjects()).containsExactly("s-value", "t-value");
        assertThat(store.versions("s-value")).containsExactly(1, 2);
        assertThat(store.latest("s-value")).contains(second);
    }

    @Test
    void shouldReturnExistingVersionWhenSameSchemaIsRegisteredAgain() {
        RegisteredSchema first = store.register("s-value", V1);

        RegisteredSchema again = store.register("s-value", V1.replace(" ", ""));

        assertThat(again).isEqualTo(first);
        assertThat(store.versions("s-value")).containsExactly(1);
    }

    @Test
    void shouldReuseIdWhenSameSchemaIsRegisteredUnderAnotherSubject() {
        RegisteredSchema first = store.register("s-value", V1);

        RegisteredSchema second = store.register("t-key", V1);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.subject()).isEqualTo("t-key");
        assertThat(store.subjectsOf(first.id())).containsExactly("s-value", "t-key");
    }

    @Test
    void shouldRejectFieldWithoutDefaultWhenBackward() {
        store.register("s-value", V1);

        assertThatThrownBy(() -> store.register("s-value", V2_REQUIRED_B))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                    assertThat(e.status()).isEqualTo(409);
                })
                .hasMessageContaining("s-value")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("b");
        assertThat(store.versions("s-value")).containsExactly(1);
    }

    @Test
    void shouldAcceptFieldWithDefaultAndFieldRemovalWhenBackward() {
        store.register("s-value", V1);

        assertThat(store.register("s-value", V2_OPTIONAL_B).version()).isEqualTo(2);
        assertThat(store.checkCompatibility("s-value", EMPTY)).isEmpty();
    }

    @Test
    void shouldRejectRemovingFieldWithoutDefaultWhenForward() {
        store.setSubjectLevel("s-value", CompatibilityLevel.FORWARD);
        store.register("s-value", V1);

        assertThat(store.checkCompatibility("s-value", EMPTY)).singleElement().asString()
                .contains("FORWARD").contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(store.checkCompatibility("s-value", V2_REQUIRED_B)).isEmpty();
    }

    @Test
    void shouldRejectBothDirectionsWhenFull() {
        store.setGlobalLevel(CompatibilityLevel.FULL);
        store.register("s-value", V1);

        assertThat(store.checkCompatibility("s-value", EMPTY)).isNotEmpty();
        assertThat(store.checkCompatibility("s-value", V2_REQUIRED_B)).isNotEmpty();
        assertThat(store.checkCompatibility("s-value", V2_OPTIONAL_B)).isEmpty();
    }

    @Test
    void shouldAcceptAnythingWhenNone() {
        store.setSubjectLevel("s-value", CompatibilityLevel.NONE);
        store.register("s-value", V1);

        assertThat(store.register("s-value", "\"string\"").version()).isEqualTo(2);
    }

    @Test
    void shouldCheckEveryVersionOnlyWhenTransitive() {
        // v1 {a}, v2 {a, b = 0}; v3 {a, b required} reads v2 data but not v1 data
        store.register("s-value", V1);
        store.register("s-value", V2_OPTIONAL_B);

        assertThat(store.checkCompatibility("s-value", V2_REQUIRED_B)).isEmpty();
        store.setSubjectLevel("s-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(store.checkCompatibility("s-value", V2_REQUIRED_B)).singleElement().asString()
                .contains("version 1");
    }

    @Test
    void shouldCheckAgainstOneGivenVersionWhenAsked() {
        store.register("s-value", V1);
        store.register("s-value", V2_OPTIONAL_B);

        assertThat(store.checkCompatibility("s-value", V2_REQUIRED_B, 2)).isEmpty();
        assertThat(store.checkCompatibility("s-value", V2_REQUIRED_B, 1)).singleElement().asString().contains("version 1");
        assertThatThrownBy(() -> store.checkCompatibility("s-value", V1, 9)).isInstanceOfSatisfying(
                SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
    }

    @Test
    void shouldPreferSubjectLevelOverGlobalAndFallBackWhenRemoved() {
        store.setGlobalLevel(CompatibilityLevel.FULL);
        store.setSubjectLevel("s-value", CompatibilityLevel.NONE);

        assertThat(store.effectiveLevel("s-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(store.effectiveLevel("other")).isEqualTo(CompatibilityLevel.FULL);
        store.setSubjectLevel("s-value", null);
        assertThat(store.effectiveLevel("s-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(store.subjectLevel("s-value")).isEmpty();
    }

    @Test
    void shouldRejectUnparsableSchemaWith42201() {
        assertThatThrownBy(() -> store.register("s-value", "{\"type\": \"record\", \"name\": \"R\"}"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
                    assertThat(e.status()).isEqualTo(422);
                });
        assertThatThrownBy(() -> store.register("s-value",
                record("{\"name\": \"a\", \"type\": \"int\", \"default\": \"not an int\"}")))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA));
        assertThat(store.subjects()).isEmpty();
    }

    @Test
    void shouldRebuildSameStateAndContinueIdsWhenReplayingTheLog() {
        SchemaLog log = SchemaLog.inMemory();
        SchemaStore before = new SchemaStore(log, CompatibilityLevel.BACKWARD);
        before.register("s-value", V1);
        before.register("s-value", V2_OPTIONAL_B);
        before.setSubjectLevel("t-value", CompatibilityLevel.NONE);
        before.setGlobalLevel(CompatibilityLevel.FULL);

        SchemaStore after = new SchemaStore(log, CompatibilityLevel.BACKWARD);

        assertThat(after.latest("s-value")).isEqualTo(before.latest("s-value"));
        assertThat(after.schemaById(1)).isEqualTo(before.schemaById(1));
        assertThat(after.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(after.subjectLevel("t-value")).contains(CompatibilityLevel.NONE);
        assertThat(after.register("t-value", V2_REQUIRED_B).id()).isEqualTo(3);
    }

    @Test
    void shouldLeaveStateUnchangedWhenLogWriteFails() {
        List<SchemaLogEntry> written = new ArrayList<>();
        SchemaLog failing = new SchemaLog() {
            @Override
            public List<SchemaLogEntry> readAll() {
                return List.of();
            }

            @Override
            public void append(SchemaLogEntry entry) {
                if (!written.isEmpty()) {
                    throw new SchemaRegistryException("disk full", 500, SchemaRegistryException.STORE_ERROR, null);
                }
                written.add(entry);
            }
        };
        SchemaStore failingStore = new SchemaStore(failing, CompatibilityLevel.BACKWARD);
        failingStore.register("s-value", V1);

        assertThatThrownBy(() -> failingStore.register("s-value", V2_OPTIONAL_B)).hasMessageContaining("disk full");
        assertThat(failingStore.versions("s-value")).containsExactly(1);
        assertThat(failingStore.schemaById(2)).isEmpty();
    }
}
