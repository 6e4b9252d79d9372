package io.debitwatch.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What operators do to an incident: acknowledge it, assign it, add a note, close it with a reason.
 * Each action is one transaction that appends a row to the audit trail ({@code operator_actions},
 * which refuses updates and deletes) with the actor's name and updates the incident.
 */
public final class OperatorActions {

    static final int MAX_TEXT = 2000;
    static final int MAX_NAME = 100;

    /**
     * The advisory lock every writer of incidents holds until it commits (taken by the trigger of
     * migration V3), so that change numbers follow commit order.
     */
    static final long INCIDENT_WRITERS_LOCK = 7301;

    private OperatorActions() {}

    /** The actions; {@code param} is how the API and the forms name them. */
    public enum Kind {
        ACKNOWLEDGE("acknowledge"),
        ASSIGN("assign"),
        NOTE("note"),
        CLOSE("close");

        private final String param;

        Kind(String param) {
            this.param = param;
        }

        public String param() {
            return param;
        }

        public static Kind parse(String value) {
            for (Kind k : values()) {
                if (k.param.equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "action must be one of acknowledge, assign, note, close; got " + value);
        }
    }

    /**
     * One action as asked: {@code text} is the assignee for ASSIGN, the note for NOTE, the reason
     * for CLOSE and unused for ACKNOWLEDGE.
     */
    public record Request(Kind kind, String text) {

        public Request {
            if (kind == null) {
                throw new IllegalArgumentException("an action is required");
            }
            text = text == null || text.isBlank() ? null : text.strip();
            if (kind != Kind.ACKNOWLEDGE && text == null) {
                throw new IllegalArgumentException(
                        switch (kind) {
                            case ASSIGN -> "assign needs the name of the assignee";
                            case NOTE -> "a note needs its text";
                            default -> "closing needs a reason";
                        });
            }
            int max = kind == Kind.ASSIGN ? MAX_NAME : MAX_TEXT;
            if (text != null && text.length() > max) {
                throw new IllegalArgumentException(
                        kind.param() + " text is longer than " + max + " characters");
            }
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("text must not contain NUL characters");
            }
        }
    }

    /** The action cannot apply to the incident in its current state (an HTTP 409). */
    public static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    /**
     * Applies {@code request} as {@code actor} to incident {@code incidentId} if {@code actor}'s
     * scope sees it; empty when it does not (or there is no such incident).
     *
     * @throws ConflictException if the incident's state does not allow the action
     * @throws SecurityException if {@code actor} may not act
     */
    public static Optional<IncidentQueries.ActionRow> apply(
            DataSource ds, Principal actor, long incidentId, Request request) throws SQLException {
        if (!actor.canAct()) {
            throw new SecurityException(actor.name() + " may read incidents but not act on them");
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Before the row lock, in the order the materializer takes them: no deadlock.
                execute(c, "SELECT pg_advisory_xact_lock(?)", INCIDENT_WRITERS_LOCK);
                Optional<String> state = lockState(c, actor.scope(), incidentId);
                if (state.isEmpty()) {
                    c.rollback();
                    return Optional.empty();
                }
                checkAllowed(request.kind(), state.get());
                IncidentQueries.ActionRow row = audit(c, actor, incidentId, request);
                update(c, incidentId, request);
                c.commit();
                return Optional.of(row);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Optional<String> lockState(
            Connection c, Principal.MerchantScope scope, long incidentId) throws SQLException {
        SqlWhere where =
                new SqlWhere().and("incident_id = ?", incidentId).scope(scope, "merchant_id");
        try (PreparedStatement ps =
                        where.prepare(
                                c, "SELECT state FROM incidents" + where.sql() + " FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static void checkAllowed(Kind kind, String state) {
        if (kind == Kind.ACKNOWLEDGE && !state.equals("open")) {
            throw new ConflictException(
                    "only an open incident can be acknowledged; it is " + state);
        }
        if (kind == Kind.CLOSE && state.equals("resolved")) {
            throw new ConflictException("the incident is already resolved");
        }
    }

    private static IncidentQueries.ActionRow audit(
            Connection c, Principal actor, long incidentId, Request request) throws SQLException {
        String sql =
                "INSERT INTO operator_actions (incident_id, actor, action, note)"
                        + " VALUES (?, ?, ?, ?) RETURNING action_id, created_at";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, incidentId);
            ps.setString(2, actor.name());
            ps.setString(3, request.kind().param());
            ps.setString(4, request.text());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Instant at = rs.getObject(2, OffsetDateTime.class).toInstant();
                return new IncidentQueries.ActionRow(
                        rs.getLong(1), actor.name(), request.kind().param(), request.text(), at);
            }
        }
    }

    private static void update(Connection c, long incidentId, Request request) throws SQLException {
        switch (request.kind()) {
            case ACKNOWLEDGE ->
                    execute(
                            c,
                            "UPDATE incidents SET state = 'acknowledged' WHERE incident_id = ?",
                            incidentId);
            case ASSIGN ->
                    execute(
                            c,
                            "UPDATE incidents SET assignee = ? WHERE incident_id = ?",
                            request.text(),
                            incidentId);
            case CLOSE ->
                    execute(
                            c,
                            "UPDATE incidents SET state = 'resolved', closed_reason = ? WHERE incident_id = ?",
                            request.text(),
                            incidentId);
            // A note changes nothing but the trail; touching the row tells the live feed.
            case NOTE ->
                    execute(
                            c,
                            "UPDATE incidents SET state = state WHERE incident_id = ?",
                            incidentId);
        }
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }
}
