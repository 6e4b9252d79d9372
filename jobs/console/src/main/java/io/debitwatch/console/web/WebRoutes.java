package io.debitwatch.console.web;

import io.debitwatch.console.BreakdownCache;
import io.debitwatch.console.IncidentFilter;
import io.debitwatch.console.IncidentQueries;
import io.debitwatch.console.OperatorActions;
import io.debitwatch.console.Principal;
import io.debitwatch.core.json.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The console's pages and its JSON API under {@code /api/v1}: the incidents list, one incident,
 * operator actions, breakdowns, the CSV export and the live feed. Every handler reads the caller
 * with {@link Principal#of} and restricts every query to the caller's merchant scope; an incident
 * outside it is a 404, as if it did not exist.
 */
public final class WebRoutes {

    /** Rows the CSV export writes at most. */
    static final int CSV_MAX_ROWS = 100_000;

    private static final String LIVE_REQUEST = "debitwatch.live-request";

    /** Breakdowns group every incident: recomputed at most once a minute (see BreakdownCache). */
    static final Duration BREAKDOWNS_MAX_AGE = Duration.ofSeconds(60);

    private final DataSource ds;
    private final LiveEvents live;
    private final BreakdownCache breakdowns;

    /** The live feed's filter and starting point, read from its request. */
    private record LiveRequest(IncidentFilter filter, Long since) {
        static LiveRequest of(Context ctx) {
            return new LiveRequest(Requests.filter(ctx), Requests.since(ctx));
        }
    }

    private WebRoutes(DataSource ds, LiveEvents live) {
        this.ds = ds;
        this.live = live;
        this.breakdowns = new BreakdownCache(ds, BREAKDOWNS_MAX_AGE);
    }

    /**
     * Registers the pages, the API and the static assets ({@code /static/...}) on {@code config}.
     */
    public static void register(JavalinConfig config, DataSource ds, LiveEvents live) {
        WebRoutes r = new WebRoutes(ds, live);
        config.staticFiles.add(
                s -> {
                    s.hostedPath = "/static";
                    s.directory = "/web";
                    s.location = Location.CLASSPATH;
                });
        var routes = config.routes;
        routes.get("/", ctx -> ctx.redirect("/incidents"));
        routes.get("/incidents", r::listPage);
        routes.get("/incidents/{id}", r::incidentPage);
        routes.post("/incidents/{id}/actions", r::formAction);
        routes.get("/breakdowns", r::breakdownsPage);
        routes.get("/api/v1/incidents", r::listApi);
        routes.get("/api/v1/incidents.csv", r::csv);
        routes.get("/api/v1/incidents/{id}", r::incidentApi);
        routes.post("/api/v1/incidents/{id}/actions", r::actionApi);
        routes.get("/api/v1/at-risk", r::atRiskApi);
        routes.get("/api/v1/breakdowns", r::breakdownsApi);
        // Parsed before the event stream starts, so that a bad value is still a plain 400.
        routes.before("/api/v1/events", ctx -> ctx.attribute(LIVE_REQUEST, LiveRequest.of(ctx)));
        routes.sse(
                "/api/v1/events",
                sse -> {
                    Context ctx = sse.ctx();
                    LiveRequest request = ctx.attribute(LIVE_REQUEST);
                    try {
                        live.subscribe(
                                sse, Principal.of(ctx).scope(), request.filter(), request.since());
                    } catch (SQLException e) {
                        throw new IllegalStateException("cannot start the live feed", e);
                    }
                });
    }

    private void listPage(Context ctx) throws SQLException {
        Principal who = Principal.of(ctx);
        IncidentFilter filter = Requests.filter(ctx);
        long since = IncidentQueries.latestChange(ds);
        var model =
                new IncidentListPage.Model(
                        who,
                        CsrfTokens.of(ctx),
                        filter,
                        IncidentQueries.list(ds, who.scope(), filter),
                        IncidentQueries.atRisk(ds, who.scope()),
                        since,
                        Instant.now());
        html(ctx, 200, IncidentListPage.render(model));
    }

    private void incidentPage(Context ctx) throws SQLException {
        Principal who = Principal.of(ctx);
        long id = Requests.incidentId(ctx);
        var detail = IncidentQueries.get(ds, who.scope(), id);
        if (detail.isEmpty()) {
            html(
                    ctx,
                    404,
                    ErrorPage.render(
                            who, CsrfTokens.of(ctx), 404, "There is no incident " + id + "."));
            return;
        }
        html(ctx, 200, IncidentPage.render(who, CsrfTokens.of(ctx), detail.get()));
    }

    private void formAction(Context ctx) throws SQLException {
        Principal who = Principal.of(ctx);
        long id = Requests.incidentId(ctx);
        if (act(ctx, who, id, Requests.formAction(ctx)) != null) {
            ctx.redirect("/incidents/" + id, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    private void breakdownsPage(Context ctx) throws SQLException {
        Principal who = Principal.of(ctx);
        html(ctx, 200, BreakdownsPage.render(who, CsrfTokens.of(ctx), breakdowns.get(who.scope())));
    }

    private void listApi(Context ctx) throws SQLException {
        json(ctx, 200, IncidentQueries.list(ds, Principal.of(ctx).scope(), Requests.filter(ctx)));
    }

    private void incidentApi(Context ctx) throws SQLException {
        long id = Requests.incidentId(ctx);
        var detail = IncidentQueries.get(ds, Principal.of(ctx).scope(), id);
        if (detail.isPresent()) {
            json(ctx, 200, detail.get());
        } else {
            json(ctx, 404, Map.of("error", "no incident " + id));
        }
    }

    private void actionApi(Context ctx) throws SQLException {
        Principal who = Principal.of(ctx);
        long id = Requests.incidentId(ctx);
        var row = act(ctx, who, id, Requests.jsonAction(ctx));
        if (row != null) {
            json(ctx, 201, row);
        }
    }

    /** Applies an action; answers 403/404 itself and returns null then. */
    private IncidentQueries.ActionRow act(
            Context ctx, Principal who, long id, OperatorActions.Request request)
            throws SQLException {
        if (!who.canAct()) {
            problem(ctx, 403, who.name() + " may read incidents but not act on them");
            return null;
        }
        var row = OperatorActions.apply(ds, who, id, request);
        if (row.isEmpty()) {
            problem(ctx, 404, "no incident " + id);
            return null;
        }
        return row.get();
    }

    private void atRiskApi(Context ctx) throws SQLException {
        json(ctx, 200, Map.of("at_risk", IncidentQueries.atRisk(ds, Principal.of(ctx).scope())));
    }

    private void breakdownsApi(Context ctx) throws SQLException {
        json(ctx, 200, breakdowns.get(Principal.of(ctx).scope()));
    }

    private void csv(Context ctx) throws Exception {
        Principal.MerchantScope scope = Principal.of(ctx).scope();
        IncidentFilter filter = Requests.filter(ctx).withLimit(IncidentFilter.MAX_LIMIT);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"incidents.csv\"");
        try (Writer out =
                new BufferedWriter(
                        new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8))) {
            out.write(Csv.row(IncidentRows.CSV_HEADINGS));
            int rows = 0;
            IncidentFilter page = filter;
            while (page != null && rows < CSV_MAX_ROWS) {
                var result = IncidentQueries.list(ds, scope, page);
                for (var i : result.incidents()) {
                    out.write(Csv.row(IncidentRows.csv(i)));
                }
                rows += result.incidents().size();
                page =
                        result.next() == null
                                ? null
                                : filter.after(IncidentFilter.Cursor.decode(result.next()));
            }
        }
    }

    /** A 4xx answer in the form the caller reads: JSON under /api, a page elsewhere. */
    public static void problem(Context ctx, int status, String message) {
        if (ctx.path().startsWith("/api/")) {
            json(ctx, status, Map.of("error", message));
        } else {
            Principal who = ctx.attribute(Principal.ATTRIBUTE);
            html(ctx, status, ErrorPage.render(who, CsrfTokens.of(ctx), status, message));
        }
    }

    static void html(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
