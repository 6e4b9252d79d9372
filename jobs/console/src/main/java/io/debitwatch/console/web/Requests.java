package io.debitwatch.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.debitwatch.console.IncidentFilter;
import io.debitwatch.console.OperatorActions;
import io.debitwatch.core.json.Json;
import io.javalin.http.Context;

/** Reads the typed values of a request: filters, ids, actions. Bad values are a 400 with why. */
final class Requests {

    private Requests() {}

    static IncidentFilter filter(Context ctx) {
        String after = param(ctx, "after");
        IncidentFilter.Sort sort = IncidentFilter.Sort.parse(param(ctx, "sort"));
        return new IncidentFilter(
                param(ctx, "state"),
                param(ctx, "type"),
                param(ctx, "provider"),
                param(ctx, "merchant"),
                param(ctx, "store"),
                param(ctx, "app_version"),
                param(ctx, "q"),
                sort,
                after == null ? null : IncidentFilter.Cursor.decode(after),
                number(ctx, "limit", IncidentFilter.DEFAULT_LIMIT));
    }

    static long incidentId(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("incident id must be a number");
        }
    }

    /**
     * Where a live feed starts: the {@code Last-Event-ID} a reconnecting EventSource sends (the
     * change counter of the last event it got), else the {@code since} parameter, else null.
     */
    static Long since(Context ctx) {
        String lastEvent = ctx.header("Last-Event-ID");
        String since = lastEvent != null && !lastEvent.isBlank() ? lastEvent : param(ctx, "since");
        if (since == null) {
            return null;
        }
        try {
            return Long.parseLong(since);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("since must be a number; got " + since);
        }
    }

    /** An action from a JSON body: {@code {"action": "assign", "text": "Li Na"}}. */
    static OperatorActions.Request jsonAction(Context ctx) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(ctx.body());
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    "the body must be JSON: {\"action\": ..., \"text\": ...}");
        }
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        String text = null;
        for (String key : new String[] {"text", "assignee", "note", "reason"}) {
            if (body.hasNonNull(key)) {
                text = body.get(key).asText();
                break;
            }
        }
        return new OperatorActions.Request(
                OperatorActions.Kind.parse(body.path("action").asText(null)), text);
    }

    /** An action from an HTML form: fields {@code action} and {@code text}. */
    static OperatorActions.Request formAction(Context ctx) {
        return new OperatorActions.Request(
                OperatorActions.Kind.parse(ctx.formParam("action")), ctx.formParam("text"));
    }

    private static int number(Context ctx, String name, int absent) {
        String value = param(ctx, name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number; got " + value);
        }
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value;
    }
}
