package io.spanflow.collector;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives OpenTelemetry's Jaeger gRPC exporter 1.34.1 (the last release) in its own class loader,
 * because its SDK cannot share the test classpath with the 1.67 SDK the OTLP tests use. The jars
 * are copied to {@code target/otel-jaeger-exporter} by the build. Reflection keeps this class free
 * of compile-time references to that SDK.
 */
final class IsolatedOtelJaegerExporter {
  private IsolatedOtelJaegerExporter() {}

  static Path jarDirectory() {
    return Path.of(System.getProperty("otel.jaeger.jars", "target/otel-jaeger-exporter"));
  }

  /**
   * Exports a SERVER span "jaeger-grpc-parent" with a child "jaeger-grpc-child" (attribute {@code
   * db.system=postgresql}, an event, status ERROR) for {@code service} to {@code endpoint}.
   */
  static void exportTrace(String endpoint, String service) throws Exception {
    URL[] jars;
    try (Stream<Path> files = Files.list(jarDirectory())) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".jar")).toList();
      if (list.isEmpty()) {
        throw new IllegalStateException("no jars in " + jarDirectory());
      }
      jars = new URL[list.size()];
      for (int i = 0; i < jars.length; i++) {
        jars[i] = list.get(i).toUri().toURL();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(jars, new GrpcOnlyParent())) {
      Class<?> exporterClass =
          loader.loadClass("io.opentelemetry.exporter.jaeger.JaegerGrpcSpanExporter");
      Object exporterBuilder = exporterClass.getMethod("builder").invoke(null);
      call(exporterBuilder, "setEndpoint", String.class, endpoint);
      Object exporter = call(exporterBuilder, "build");

      Class<?> resourceClass = loader.loadClass("io.opentelemetry.sdk.resources.Resource");
      Object resourceBuilder = resourceClass.getMethod("builder").invoke(null);
      call(resourceBuilder, "put", String.class, String.class, "service.name", service);
      Object resource = call(resourceBuilder, "build");

      Class<?> spanExporterClass =
          loader.loadClass("io.opentelemetry.sdk.trace.export.SpanExporter");
      Class<?> processorClass =
          loader.loadClass("io.opentelemetry.sdk.trace.export.SimpleSpanProcessor");
      Object processor =
          processorClass.getMethod("create", spanExporterClass).invoke(null, exporter);

      Class<?> providerClass = loader.loadClass("io.opentelemetry.sdk.trace.SdkTracerProvider");
      Object providerBuilder = providerClass.getMethod("builder").invoke(null);
      call(providerBuilder, "setResource", resourceClass, resource);
      call(
          providerBuilder,
          "addSpanProcessor",
          loader.loadClass("io.opentelemetry.sdk.trace.SpanProcessor"),
          processor);
      Object provider = call(providerBuilder, "build");

      Class<?> tracerProviderApi = loader.loadClass("io.opentelemetry.api.trace.TracerProvider");
      Object tracer = tracerProviderApi.getMethod("get", String.class).invoke(provider, "it");
      Class<?> tracerApi = loader.loadClass("io.opentelemetry.api.trace.Tracer");
      Class<?> spanBuilderApi = loader.loadClass("io.opentelemetry.api.trace.SpanBuilder");
      Class<?> spanApi = loader.loadClass("io.opentelemetry.api.trace.Span");
      Class<?> spanKind = loader.loadClass("io.opentelemetry.api.trace.SpanKind");
      Class<?> contextApi = loader.loadClass("io.opentelemetry.context.Context");
      Class<?> statusCode = loader.loadClass("io.opentelemetry.api.trace.StatusCode");
      Class<?> implicitContextKeyed =
          loader.loadClass("io.opentelemetry.context.ImplicitContextKeyed");

      Object parentBuilder =
          tracerApi.getMethod("spanBuilder", String.class).invoke(tracer, "jaeger-grpc-parent");
      spanBuilderApi
          .getMethod("setSpanKind", spanKind)
          .invoke(parentBuilder, enumValue(spanKind, "SERVER"));
      Object parent = spanBuilderApi.getMethod("startSpan").invoke(parentBuilder);

      Object root = contextApi.getMethod("root").invoke(null);
      Object parentContext =
          contextApi.getMethod("with", implicitContextKeyed).invoke(root, parent);
      Object childBuilder =
          tracerApi.getMethod("spanBuilder", String.class).invoke(tracer, "jaeger-grpc-child");
      spanBuilderApi.getMethod("setParent", contextApi).invoke(childBuilder, parentContext);
      Object child = spanBuilderApi.getMethod("startSpan").invoke(childBuilder);
      spanApi
          .getMethod("setAttribute", String.class, String.class)
          .invoke(child, "db.system", "postgresql");
      spanApi.getMethod("addEvent", String.class).invoke(child, "query.start");
      spanApi
          .getMethod("setStatus", statusCode, String.class)
          .invoke(child, enumValue(statusCode, "ERROR"), "timeout");
      spanApi.getMethod("end").invoke(child);
      spanApi.getMethod("end").invoke(parent);

      Object flush = providerClass.getMethod("forceFlush").invoke(provider);
      Object result =
          flush
              .getClass()
              .getMethod("join", long.class, TimeUnit.class)
              .invoke(flush, 30L, TimeUnit.SECONDS);
      boolean ok = (boolean) result.getClass().getMethod("isSuccess").invoke(result);
      providerClass.getMethod("shutdown").invoke(provider);
      if (!ok) {
        throw new AssertionError("OTel Jaeger exporter 1.34.1 failed to export to " + endpoint);
      }
    }
  }

  /**
   * The exporter's build() refers to grpc-java's ManagedChannel (an optional transport) even when
   * it uses OkHttp: share only grpc-java's classes from the test classpath, nothing else.
   */
  private static final class GrpcOnlyParent extends ClassLoader {
    GrpcOnlyParent() {
      super(ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith("io.grpc.")) {
        return IsolatedOtelJaegerExporter.class.getClassLoader().loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
  }

  private static Object enumValue(Class<?> enumClass, String name) throws Exception {
    return enumClass.getMethod("valueOf", String.class).invoke(null, name);
  }

  private static Object call(Object target, String method, Object... args) throws Exception {
    return target.getClass().getMethod(method).invoke(target, args);
  }

  private static Object call(Object target, String method, Class<?> type, Object arg)
      throws Exception {
    Method m = target.getClass().getMethod(method, type);
    return m.invoke(target, arg);
  }

  private static Object call(
      Object target, String method, Class<?> t1, Class<?> t2, Object a1, Object a2)
      throws Exception {
    return target.getClass().getMethod(method, t1, t2).invoke(target, a1, a2);
  }
}
