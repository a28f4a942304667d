// A Node.js service with nothing but OpenTelemetry, configured the standard way: OTEL_EXPORTER_OTLP_ENDPOINT,
// OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES come from the environment.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const sdk = new NodeSDK({ traceExporter: new OTLPTraceExporter(), instrumentations: [new HttpInstrumentation()] });
sdk.start();

// Required after the SDK started, so that the HTTP instrumentation wraps the server.
const http = require('http');
const { trace, SpanStatusCode } = require('@opentelemetry/api');
const { refund } = require('./refund');

const server = http.createServer(async (req, res) => {
  if (req.url === '/shutdown') {
    // Flushes the exporter, so the test knows every span has been sent.
    await sdk.shutdown();
    res.end('bye');
    server.close();
    return;
  }
  const span = trace.getActiveSpan();
  span.setAttribute('http.route', '/refund/:variant');
  try {
    refund(Number(req.url.split('/')[2]));
    res.end('ok');
  } catch (error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    res.statusCode = 500;
    res.setHeader('x-trace-id', span.spanContext().traceId);
    res.end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
