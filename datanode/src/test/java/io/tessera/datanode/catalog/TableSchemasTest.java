package io.tessera.datanode.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TableSchemasTest {
    @Test
    void columnTypmodsAreReadFromTheCatalog() throws Exception {
        String json = "{\"id\":7,\"name\":\"t\",\"schemaVersion\":2,\"primaryKey\":[\"k\"],\"columns\":["
                + "{\"name\":\"k\",\"type\":\"INT4\",\"typmod\":-1,\"id\":1},"
                + "{\"name\":\"v\",\"type\":\"VARCHAR\",\"typmod\":7,\"id\":2},"
                + "{\"name\":\"n\",\"type\":\"NUMERIC\",\"typmod\":393222,\"id\":3}]}";
        TableSchema t = TableSchemas.none().parse(json.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new int[] {-1, 7, 393222}, t.typmods());
    }

    @Test
    void aCatalogWithoutTypmodsReadsAsNone() throws Exception {
        String json = "{\"id\":7,\"name\":\"t\",\"columns\":[{\"name\":\"k\",\"type\":\"INT4\"},"
                + "{\"name\":\"v\",\"type\":\"VARCHAR\"}]}";
        TableSchema t = TableSchemas.none().parse(json.getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new int[] {-1, -1}, t.typmods());
    }
}
