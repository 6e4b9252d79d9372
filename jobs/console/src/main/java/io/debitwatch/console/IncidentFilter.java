package io.debitwatch.console;

import io.debitwatch.core.model.AlertType;
import io.debitwatch.core.model.Provider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The incident list's filters (each optional: null), its order and the page to read. The same
 * filter drives the list page, the JSON list, the CSV export and the live feed.
 */
public record IncidentFilter(
        String state,
        String type,
        String provider,
        String merchant,
        String store,
        String appVersion,
        String q,
        Sort sort,
        Cursor after,
        int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final Set<String> STATES = Set.of("open", "acknowledged", "resolved");

    /** The list's orders; each is a keyset on (its key, incident id). */
    public enum Sort {
        /** Latest decision first. */
        NEWEST("newest"),
        /** Earliest decision first. */
        OLDEST("oldest"),
        /** Largest amount first (incidents without an amount last). */
        AMOUNT("amount");

        private final String param;

        Sort(String param) {
            this.param = param;
        }

        public String param() {
            return param;
        }

        public static Sort parse(String value) {
            if (value == null) {
                return NEWEST;
            }
            for (Sort s : values()) {
                if (s.param.equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(
                    "sort must be one of newest, oldest, amount; got " + value);
        }
    }

    public IncidentFilter {
        if (state != null && !STATES.contains(state)) {
            throw new IllegalArgumentException(
                    "state must be one of open, acknowledged, resolved; got " + state);
        }
        if (type != null) {
            requireEnum(AlertType.class, type, "alert type");
        }
        if (provider != null) {
            requireEnum(Provider.class, provider, "provider");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_LIMIT + "; got " + limit);
        }
        sort = sort == null ? Sort.NEWEST : sort;
        if (after != null && after.sort() != sort) {
            throw new IllegalArgumentException("the cursor belongs to another sort order");
        }
    }

    /** Everything, newest first, one page of {@code limit}. */
    public static IncidentFilter all(int limit) {
        return new IncidentFilter(null, null, null, null, null, null, null, null, null, limit);
    }

    /** The same filter from {@code cursor} on. */
    public IncidentFilter after(Cursor cursor) {
        return new IncidentFilter(
                state, type, provider, merchant, store, appVersion, q, sort, cursor, limit);
    }

    /** The same filter with another page size. */
    public IncidentFilter withLimit(int n) {
        return new IncidentFilter(
                state, type, provider, merchant, store, appVersion, q, sort, after, n);
    }

    /** The filter as query parameters (without the cursor and the limit), for links. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "state", state);
        put(p, "type", type);
        put(p, "provider", provider);
        put(p, "merchant", merchant);
        put(p, "store", store);
        put(p, "app_version", appVersion);
        put(p, "q", q);
        if (sort != Sort.NEWEST) {
            p.put("sort", sort.param());
        }
        return p;
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static <E extends Enum<E>> void requireEnum(Class<E> type, String value, String what) {
        try {
            Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + ": " + value);
        }
    }

    /**
     * Where a page ends: the sort, the last incident's sort key (microseconds since the epoch for
     * the time orders, minor units for the amount) and its id; opaque to clients.
     */
    public record Cursor(Sort sort, long key, long incidentId) {

        static Cursor of(Sort sort, IncidentQueries.IncidentSummary last) {
            long key =
                    sort == Sort.AMOUNT
                            ? amountKey(last.amountMinor())
                            : micros(last.lastDecidedAt());
            return new Cursor(sort, key, last.incidentId());
        }

        static long amountKey(Long amountMinor) {
            return amountMinor == null ? -1 : amountMinor;
        }

        static long micros(Instant time) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, time);
        }

        Instant time() {
            return Instant.EPOCH.plus(key, ChronoUnit.MICROS);
        }

        public String encode() {
            String plain = sort.param() + "." + key + "." + incidentId;
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String text) {
            try {
                String plain =
                        new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                String[] parts = plain.split("\\.", -1);
                if (parts.length != 3) {
                    throw new IllegalArgumentException(plain);
                }
                return new Cursor(
                        Sort.parse(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a cursor from this API: " + text);
            }
        }
    }
}
