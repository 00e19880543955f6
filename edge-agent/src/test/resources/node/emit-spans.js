// Sends three spans with the real Node jaeger-client (UDP, thrift binary) to the agent port
// given as argv[2], then prints their ids as JSON. Used by NodeJaegerClientIT.
const { initTracer } = require('jaeger-client');
const opentracing = require('opentracing');

const port = parseInt(process.argv[2], 10);
const tracer = initTracer(
  {
    serviceName: 'node-svc',
    sampler: { type: 'const', param: 1 },
    reporter: { agentHost: '127.0.0.1', agentPort: port, flushIntervalMs: 50 },
  },
  {
    tags: { 'node.str': 'v', 'node.num': 5, 'node.bool': true },
    logger: { info() {}, error(msg) { console.error(msg); } },
  },
);

const t0 = Date.now();
const parent = tracer.startSpan('node-parent', { startTime: t0 });
const child = tracer.startSpan('node-child', {
  childOf: parent.context(),
  startTime: t0 + 1,
  tags: { str: 's', bool: true, num: 7, blob: Buffer.from([1, 2, 3]) },
});
child.log({ event: 'cache-miss', size: 3 }, t0 + 2);
child.finish(t0 + 3);
const follower = tracer.startSpan('node-follower', {
  references: [opentracing.followsFrom(parent.context())],
  startTime: t0 + 4,
});
follower.finish(t0 + 5);
parent.finish(t0 + 10);

tracer.close(() => {
  console.log(JSON.stringify({
    startMillis: t0,
    traceId: parent.context().traceIdStr,
    parent: parent.context().spanIdStr,
    child: child.context().spanIdStr,
    follower: follower.context().spanIdStr,
  }));
  process.exit(0);
});
