package io.debitwatch.console;

import io.debitwatch.console.web.LiveEvents;
import io.debitwatch.console.web.WebRoutes;
import io.debitwatch.core.json.Json;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server: {@code /healthz}, {@code /readyz}, the pages and the JSON API under
 * {@code /api/v1} ({@link WebRoutes}), behind the security layer. With a layer that does not
 * authenticate every request it binds loopback addresses only (see {@link #requireLoopback}).
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Javalin app;
    private final String host;
    private final LiveEvents live;

    private ConsoleServer(Javalin app, String host, LiveEvents live) {
        this.app = app;
        this.host = host;
        this.live = live;
    }

    /**
     * Starts serving {@code database} on {@code bindAddress:port} (port 0: any free port). {@code
     * consumerReady} tells {@code /readyz} whether the materializer has its partitions; {@code
     * security} authenticates requests (see {@link ConsoleSecurity}).
     *
     * @throws IllegalArgumentException if {@code bindAddress} is not a loopback address and {@code
     *     security} does not allow remote clients
     */
    public static ConsoleServer start(
            String bindAddress,
            int port,
            ConsoleDatabase database,
            BooleanSupplier consumerReady,
            ConsoleSecurity security) {
        if (!security.allowsRemote()) {
            requireLoopback(bindAddress);
        }
        LiveEvents live = LiveEvents.start(database.dataSource());
        Javalin app =
                Javalin.create(
                        config -> {
                            security.install(config);
                            config.jetty.host = bindAddress;
                            config.jetty.port = port;
                            config.startup.showJavalinBanner = false;
                            config.routes.after(ConsoleServer::securityHeaders);
                            config.routes.get(
                                    "/healthz", ctx -> json(ctx, 200, Map.of("status", "up")));
                            config.routes.get(
                                    "/readyz", ctx -> readiness(ctx, database, consumerReady));
                            WebRoutes.register(config, database.dataSource(), live);
                            exceptions(config);
                        });
        try {
            app.start();
        } catch (RuntimeException e) {
            live.close();
            throw e;
        }
        return new ConsoleServer(app, bindAddress, live);
    }

    /**
     * Refuses any address but a loopback one, for a security layer that signs nobody in (as {@link
     * ConsoleSecurity#loopbackOnly()}): anything that can reach the port could read every incident.
     */
    static void requireLoopback(String bindAddress) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve bind address " + bindAddress, e);
        }
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "refusing to bind "
                            + bindAddress
                            + ": this security layer does not sign anyone in, so the console"
                            + " listens on a loopback address only (127.0.0.1 or ::1)");
        }
    }

    /** How many live-feed (server-sent events) clients are connected. */
    public int liveClients() {
        return live.clients();
    }

    public int port() {
        return app.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8088}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            live.close();
        }
    }

    private static void exceptions(JavalinConfig config) {
        config.routes.exception(
                IllegalArgumentException.class,
                (e, ctx) -> WebRoutes.problem(ctx, 400, e.getMessage()));
        config.routes.exception(
                SecurityException.class, (e, ctx) -> WebRoutes.problem(ctx, 403, e.getMessage()));
        config.routes.exception(
                OperatorActions.ConflictException.class,
                (e, ctx) -> WebRoutes.problem(ctx, 409, e.getMessage()));
        config.routes.exception(
                SQLException.class,
                (e, ctx) -> {
                    LOG.error("database error serving {}", ctx.path(), e);
                    WebRoutes.problem(ctx, 500, "database error");
                });
    }

    private static void readiness(
            Context ctx, ConsoleDatabase database, BooleanSupplier consumerReady) {
        boolean db = database.reachable();
        boolean consumer = consumerReady.getAsBoolean();
        json(
                ctx,
                db && consumer ? 200 : 503,
                Map.of(
                        "database", db ? "reachable" : "unreachable",
                        "consumer", consumer ? "assigned" : "not assigned"));
    }

    /**
     * No inline scripts or styles anywhere: pages load /static/console.{js,css} only. The same
     * policy as the account layer's, for servers with another security layer (tests).
     */
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** The headers the security layer did not set already. */
    private static void securityHeaders(Context ctx) {
        setIfAbsent(ctx, "X-Content-Type-Options", "nosniff");
        setIfAbsent(ctx, "Cache-Control", "no-store");
        setIfAbsent(ctx, "Content-Security-Policy", CSP);
        setIfAbsent(ctx, "X-Frame-Options", "DENY");
        setIfAbsent(ctx, "Referrer-Policy", "no-referrer");
    }

    private static void setIfAbsent(Context ctx, String name, String value) {
        if (ctx.res().getHeader(name) == null) {
            ctx.header(name, value);
        }
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
