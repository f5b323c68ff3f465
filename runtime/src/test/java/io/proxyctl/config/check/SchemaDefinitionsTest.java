package io.proxyctl.config.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class SchemaDefinitionsTest {
    @Test
    void readsFieldsKindsTypesAndDeprecationMarks() throws Exception {
        URL folder = SchemaDefinitionsTest.class.getResource("/schema-defs-sample/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder}, null)) {
            SchemaDefinitions defs = SchemaDefinitions.from(loader);
            String listener = "envoy.config.listener.v3.Listener";
            assertTrue(defs.knows(listener));
            assertTrue(defs.field(listener, "stat_prefix").deprecated());
            assertFalse(defs.field(listener, "name").deprecated());
            assertEquals("envoy.config.core.v3.Address", defs.field(listener, "address").type());
            FieldInfo chains = defs.field(listener, "filter_chains");
            assertEquals(FieldInfo.Kind.REPEATED, chains.kind());
            assertEquals("envoy.config.listener.v3.FilterChain", chains.type());
            assertEquals("envoy.config.core.v3.Metadata", defs.field(listener, "metadata").type());
            FieldInfo tpfc = defs.field("envoy.config.route.v3.Route", "typed_per_filter_config");
            assertEquals(FieldInfo.Kind.MAP, tpfc.kind());
            assertTrue(tpfc.isAny());
            assertNull(defs.field(listener, "nope"));
            assertFalse(defs.knows("envoy.config.broken.v3.Broken"), "an unparsable definition counts as absent");
            assertFalse(defs.knows("envoy.config.cluster.v3.Cluster"));
        }
    }

    @Test
    void layeringKeepsTheCataloguesShapeAndOrsTheDeprecationMarks() throws Exception {
        URL folder = SchemaDefinitionsTest.class.getResource("/schema-defs-sample/");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder}, null)) {
            MessageSchema s = MessageSchemas.layered(SchemaDefinitions.from(loader), CatalogSchema.builtin());
            FieldInfo stat = s.field("envoy.config.listener.v3.Listener", "stat_prefix");
            assertTrue(stat.deprecated());
            assertEquals("string", stat.type());
            assertTrue(s.field("envoy.config.listener.v3.Listener", "reuse_port").deprecated());
            assertTrue(s.knows("envoy.config.cluster.v3.Cluster"));
        }
    }

    @Test
    void theGeneratedDefinitionsAreOnTheClassPathAndAgreeWithTheCatalogue() {
        // the schema module (proxyctl-schemas) puts io/proxyctl/schema/defs/ on the runtime class path
        SchemaDefinitions generated = SchemaDefinitions.fromClasspath();
        assertTrue(generated.knows("envoy.config.listener.v3.Listener"));
        assertTrue(generated.field("envoy.config.bootstrap.v3.Admin", "access_log_path").deprecated());
        assertEquals(FieldInfo.Kind.REPEATED, generated.field("envoy.config.listener.v3.Listener", "filter_chains").kind());
        assertTrue(MessageSchemas.standard().field("envoy.config.bootstrap.v3.Admin", "access_log_path").deprecated());
    }
}
