// Plays a Node.js service instrumented with npm jaeger-client, reporting over its HTTP sender
// (thrift binary to /api/traces, no ?format parameter). Args: endpoint serviceName.
const { initTracer } = require('jaeger-client');

const [endpoint, serviceName] = process.argv.slice(2);
const tracer = initTracer(
  {
    serviceName,
    sampler: { type: 'const', param: 1 },
    reporter: { collectorEndpoint: endpoint, flushIntervalMs: 100 },
  },
  { tags: { 'node.test': true } },
);
const parent = tracer.startSpan('node-parent');
const child = tracer.startSpan('node-child', { childOf: parent });
child.setTag('http.status_code', 200);
child.log({ event: 'node.event' });
child.finish();
parent.finish();
tracer.close(() => process.exit(0));
setTimeout(() => process.exit(2), 20000);
