package io.debitwatch.console;

import io.debitwatch.core.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's HTTP server: {@code /healthz}, {@code /readyz} and the JSON API under {@code
 * /api/v1}. There is no login yet, so it binds loopback addresses only (see {@link
 * #requireLoopback}).
 */
public final class ConsoleServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

    private final Javalin app;
    private final String host;

    private ConsoleServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
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
                            config.routes.get(
                                    "/api/v1/incidents",
                                    ctx ->
                                            json(
                                                    ctx,
                                                    200,
                                                    IncidentQueries.list(
                                                            database.dataSource(), filter(ctx))));
                            config.routes.get(
                                    "/api/v1/incidents/{id}", ctx -> incident(ctx, database));
                            config.routes.exception(
                                    IllegalArgumentException.class,
                                    (e, ctx) -> json(ctx, 400, Map.of("error", e.getMessage())));
                            config.routes.exception(
                                    SQLException.class,
                                    (e, ctx) -> {
                                        LOG.error("database error serving {}", ctx.path(), e);
                                        json(ctx, 500, Map.of("error", "database error"));
                                    });
                        });
        app.start();
        return new ConsoleServer(app, bindAddress);
    }

    /**
     * Refuses any address but a loopback one: until the console has accounts and sessions, anything
     * that can reach its port can read every incident.
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
                            + ": the console has no login yet, so it listens on a loopback"
                            + " address only (127.0.0.1 or ::1) until authentication exists");
        }
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
        app.stop();
    }

    private static IncidentQueries.Filter filter(Context ctx) {
        String limit = blankToNull(ctx.queryParam("limit"));
        String after = blankToNull(ctx.queryParam("after"));
        int n;
        try {
            n = limit == null ? IncidentQueries.DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number; got " + limit);
        }
        return new IncidentQueries.Filter(
                blankToNull(ctx.queryParam("state")),
                blankToNull(ctx.queryParam("type")),
                blankToNull(ctx.queryParam("merchant")),
                blankToNull(ctx.queryParam("q")),
                after == null ? null : IncidentQueries.Cursor.decode(after),
                n);
    }

    private static void incident(Context ctx, ConsoleDatabase database) throws SQLException {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("incident id must be a number");
        }
        var detail = IncidentQueries.get(database.dataSource(), id);
        if (detail.isPresent()) {
            json(ctx, 200, detail.get());
        } else {
            json(ctx, 404, Map.of("error", "no incident " + id));
        }
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

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
