package io.proxyctl.xds.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.proxyctl.config.load.LoadResult;
import io.proxyctl.config.load.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an xDS resource (a google.protobuf.Any) into the proto3 JSON tree the runtime's binder reads, with proto
 * field names (snake_case). The types of nested Any values (filters, transport sockets, protocol options) are
 * found on the class path first, so that any type of the Envoy API prints; an unknown type is an error that
 * names it.
 */
final class ResourceJson {
    private final TypeResolver types = new TypeResolver();

    /** The resource's fields as a tree, {@code "@type"} included. */
    @SuppressWarnings("unchecked")
    Map<String, Object> tree(Any resource) throws InvalidProtocolBufferException {
        Set<Descriptor> found = new LinkedHashSet<>();
        collect(resource, found);
        JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.newBuilder().add(found).build();
        String json = JsonFormat.printer().usingTypeRegistry(registry).preservingProtoFieldNames()
                .omittingInsignificantWhitespace().print(resource);
        LoadResult loaded = YamlLoader.loadText("xds", json);
        if (!loaded.ok()) {
            throw new InvalidProtocolBufferException("resource JSON does not load: " + loaded.diagnostics());
        }
        return (Map<String, Object>) loaded.source().root();
    }

    private void collect(Any any, Set<Descriptor> found) throws InvalidProtocolBufferException {
        String name = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
        Descriptor d = types.find(name);
        if (d == null) {
            throw new InvalidProtocolBufferException("unknown type " + any.getTypeUrl());
        }
        found.add(d);
        walk(DynamicMessage.parseFrom(d, any.getValue()), found);
    }

    private void walk(Message m, Set<Descriptor> found) throws InvalidProtocolBufferException {
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            List<Object> values = f.isRepeated() ? new ArrayList<>((List<?>) e.getValue()) : List.of(e.getValue());
            for (Object v : values) {
                Message child = (Message) v;
                if (f.getMessageType().getFullName().equals("google.protobuf.Any")) {
                    collect(Any.parseFrom(child.toByteString()), found);
                } else {
                    walk(child, found);
                }
            }
        }
    }
}
