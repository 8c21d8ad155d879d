// Turns tsami's diagnostics channels into OpenTelemetry spans and metrics. tsami itself has no
// OpenTelemetry dependency: it publishes on node:diagnostics_channel, and this program (or your
// instrumentation module) subscribes and maps what it sees to the OpenTelemetry API.
//
//   AMI_URL=ami://admin:secret@127.0.0.1:5038 npx tsx src/opentelemetry.ts
//
// Each action becomes a span `AMI <Action>` (attributes: ActionID, server, outcome), each event
// a counter increment by name, each action's duration a histogram sample. The SDK set-up below
// prints spans and metrics to stdout; in an application you would register your exporters
// (OTLP, Prometheus, …) instead and keep only `instrumentTsami()`.
import { subscribe } from 'node:diagnostics_channel';
import { metrics, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  AmiClient,
  channelNames,
  type ActionEndMessage,
  type ActionStartMessage,
  type EventMessage,
} from '@tsami/core';
import { amiUrl } from './lib/settings.js';

/** Subscribes to tsami's channels and records spans and metrics through the OpenTelemetry API. */
export function instrumentTsami(): void {
  const tracer = trace.getTracer('tsami-example');
  const meter = metrics.getMeter('tsami-example');
  const durations = meter.createHistogram('ami.action.duration', { unit: 'ms', description: 'AMI action round trips' });
  const events = meter.createCounter('ami.events', { description: 'AMI events received, by name' });
  // Spans in flight, by ActionID (an action's end comes in another turn of the event loop).
  const spans = new Map<string, Span>();

  subscribe(channelNames.actionStart, (message) => {
    const { action, actionId, connection } = message as ActionStartMessage;
    const span = tracer.startSpan(`AMI ${action}`, {
      attributes: {
        'ami.action': action,
        'ami.action_id': actionId,
        'server.address': connection.host,
        'server.port': connection.port,
      },
    });
    spans.set(actionId, span);
  });
  subscribe(channelNames.actionEnd, (message) => {
    const { action, actionId, durationMs, outcome, error } = message as ActionEndMessage;
    durations.record(durationMs, { 'ami.action': action, 'ami.outcome': outcome });
    const span = spans.get(actionId);
    if (!span) return;
    spans.delete(actionId);
    span.setAttribute('ami.outcome', outcome);
    if (outcome !== 'success')
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : outcome });
    span.end();
  });
  subscribe(channelNames.event, (message) => {
    events.add(1, { 'ami.event': (message as EventMessage).name });
  });
}

// ---- an SDK that prints, for this example only -------------------------------------------
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
trace.setGlobalTracerProvider(tracerProvider);
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const metricReader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [metricReader] }));

instrumentTsami();

const client = new AmiClient({ url: amiUrl(), reconnect: false, events: 'on' });
// Subscribed by name: the event counter sees the events the application asked for (and, with
// the channel subscribed, every other one too).
await client.connect({ signal: AbortSignal.timeout(10_000) });
await client.send({ Action: 'Ping' });
await client.send({ Action: 'CoreStatus' });
await client.send({ Action: 'UserEvent', UserEvent: 'TsamiOtelExample' });
await client.send({ Action: 'Getvar', Variable: 'TSAMI_GLOBAL' });
await client.send({ Action: 'NoSuchAction' }).catch(() => undefined);
await client.close();

await metricReader.forceFlush();
for (const resource of metricExporter.getMetrics()) {
  for (const scope of resource.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        const value = typeof point.value === 'number' ? point.value : (point.value as { count: number }).count;
        console.log(`metric ${metric.descriptor.name} ${JSON.stringify(point.attributes)} ${value}`);
      }
    }
  }
}
await tracerProvider.shutdown();
