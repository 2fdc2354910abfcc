package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What an endpoint answers: a status and a JSON body, plus headers when it needs some. */
record Reply(int status, JsonNode body, Map<String, String> headers) {
    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }
}
