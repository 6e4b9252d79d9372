package io.debitwatch.receiver;

import io.debitwatch.receiver.Provider.Answer;
import io.debitwatch.receiver.ReceiverMetrics.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver's routes: {@code POST /notify/{wechat|alipay}[/{account}]} (rate limit, size limit,
 * write to Kafka, then answer), {@code GET /healthz}, {@code GET /readyz}, and {@code GET /metrics}
 * (on the metrics listener only, when there is one). A notification is answered as received only
 * after Kafka acknowledged its record; every other ending is an answer that makes the provider send
 * it again.
 */
final class ReceiverHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverHandler.class);

    /** At most one warning about Kafka per this interval: an outage must not flood the log. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ReceiverSettings settings;
    private final KafkaWriter writer;
    private final TokenBuckets limiter;
    private final ReceiverMetrics metrics;
    private final Clock clock;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private volatile Connector metricsConnector;

    ReceiverHandler(
            ReceiverSettings settings,
            KafkaWriter writer,
            TokenBuckets limiter,
            ReceiverMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.writer = writer;
        this.limiter = limiter;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Where {@code /metrics} is served; null serves it on every listener. */
    void metricsConnector(Connector connector) {
        this.metricsConnector = connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        NotifyRoute route = NotifyRoute.of(path);
        if (route != null) {
            notification(route, path, request, response, callback);
            return true;
        }
        boolean get = "GET".equals(request.getMethod());
        Connector on = request.getConnectionMetaData().getConnector();
        if (get && path.equals("/healthz")) {
            text(response, callback, 200, "ok\n");
        } else if (get && path.equals("/readyz")) {
            String problem = writer.notReady(Duration.ofSeconds(2));
            text(
                    response,
                    callback,
                    problem == null ? 200 : 503,
                    problem == null ? "ready\n" : "not ready: " + problem + "\n");
        } else if (get
                && path.equals("/metrics")
                && (metricsConnector == null || metricsConnector == on)) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4");
            write(response, callback, 200, metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } else {
            text(response, callback, 404, "not found\n");
        }
        return true;
    }

    private void notification(
            NotifyRoute route, String path, Request request, Response response, Callback cb) {
        Exchange x = new Exchange(route.provider(), System.nanoTime(), response, cb);
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            x.retry(Outcome.BAD_REQUEST, 405, "POST only");
            return;
        }
        if (!limiter.tryAcquire(Request.getRemoteAddr(request), x.start)) {
            x.retry(Outcome.RATE_LIMITED, 429, "rate limited");
            return;
        }
        long declared = request.getLength();
        if (declared > settings.maxBodyBytes()) {
            x.oversize();
            return;
        }
        BodyReader.read(
                request,
                settings.maxBodyBytes(),
                declared,
                body -> received(route, path, request, body, x),
                x::oversize,
                failure -> x.retry(Outcome.BAD_REQUEST, 400, "unreadable body"));
    }

    private void received(
            NotifyRoute route, String path, Request request, byte[] body, Exchange x) {
        String text = utf8(body);
        if (text == null) {
            x.retry(Outcome.BAD_REQUEST, 400, "body is not UTF-8");
            return;
        }
        byte[] record =
                new RawNotification(
                                x.provider,
                                path,
                                route.account(),
                                clock.instant(),
                                RawNotification.keptHeaders(fields(request)),
                                text)
                        .toJson();
        if (record.length > ReceiverSettings.MAX_RECORD_BYTES) {
            x.oversize();
            return;
        }
        writer.write(settings.topic(x.provider), record)
                // The producer's delivery timeout ends every write; this only guards the answer.
                .orTimeout(settings.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .whenComplete(
                        (ok, failure) -> {
                            if (failure == null) {
                                x.answer(Outcome.RECEIVED, x.provider.received());
                            } else {
                                warn(failure);
                                x.retry(Outcome.KAFKA_FAILED, 503, "not stored, send again");
                            }
                        });
    }

    /** The body as text if it is UTF-8 (WeChat Pay's JSON; Alipay's form is ASCII), else null. */
    static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<Map.Entry<String, String>> fields(Request request) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (HttpField f : request.getHeaders()) {
            fields.add(new AbstractMap.SimpleImmutableEntry<>(f.getName(), f.getValue()));
        }
        return fields;
    }

    private void warn(Throwable failure) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            LOG.warn(
                    "a notification was not stored in Kafka and its provider was asked to send it"
                            + " again: {} (at most one such warning per 10 s; see"
                            + " debitwatch_receiver_requests_total{outcome=\"kafka_failed\"})",
                    cause.toString());
        }
    }

    /** One notification request on its way to its one answer, counted in the metrics. */
    private final class Exchange {
        final Provider provider;
        final long start;
        private final Response response;
        private final Callback cb;

        Exchange(Provider provider, long start, Response response, Callback cb) {
            this.provider = provider;
            this.start = start;
            this.response = response;
            this.cb = cb;
        }

        /** An answer that makes the provider send the notification again. */
        void retry(Outcome outcome, int status, String message) {
            answer(outcome, provider.retry(status, message));
        }

        void oversize() {
            retry(Outcome.OVERSIZE, 413, "body larger than " + settings.maxBodyBytes() + " bytes");
        }

        void answer(Outcome outcome, Answer answer) {
            metrics.record(provider, outcome, System.nanoTime() - start);
            if (answer.contentType() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            }
            write(response, cb, answer.status(), answer.body());
        }
    }

    private static void text(Response response, Callback cb, int status, String text) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        write(response, cb, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Response response, Callback cb, int status, byte[] body) {
        response.setStatus(status);
        response.write(true, ByteBuffer.wrap(body), cb);
    }
}
