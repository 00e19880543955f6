package io.spanflow.agent;

import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.reporters.RemoteReporter;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.jaegertracing.thrift.internal.senders.UdpSender;

/** Sends finished spans with the real Java client (compact UDP), flushed before returning. */
final class JavaClient {
  private JavaClient() {}

  static void send(int agentCompactPort, String service, String... operations) throws Exception {
    JaegerTracer tracer =
        new JaegerTracer.Builder(service)
            .withReporter(
                new RemoteReporter.Builder()
                    .withSender(new UdpSender("127.0.0.1", agentCompactPort, 0))
                    .withFlushInterval(50)
                    .build())
            .withSampler(new ConstSampler(true))
            .build();
    for (String operation : operations) {
      tracer.buildSpan(operation).start().finish();
    }
    tracer.close(); // flushes
  }
}
