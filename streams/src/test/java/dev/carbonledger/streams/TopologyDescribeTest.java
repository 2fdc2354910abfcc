package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.streams.testing.InMemoryRegistry;
import org.junit.jupiter.api.Test;

class TopologyDescribeTest {
    @Test
    void printIt() {
        String d = AccountingTopology.build(AccountingOptions.defaults(), AccountingSerdes.avro(new InMemoryRegistry()))
                .describe().toString();
        System.out.println(d);
        assertThat(d).contains("series-accounting");
    }
}
