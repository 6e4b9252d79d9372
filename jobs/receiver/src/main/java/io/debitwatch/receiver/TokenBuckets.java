package io.debitwatch.receiver;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per source address: each holds up to {@code burst} tokens, refilled at {@code
 * perSecond}; a request takes one or is refused. The providers' servers send from a few addresses
 * at a steady rate, so a generous bucket never refuses them, while one noisy address cannot use up
 * the receiver (or the topic). Thread-safe. The map is bounded: when it holds more than {@code
 * maxAddresses} buckets, the full ones (idle addresses, which a fresh bucket would equal) are
 * dropped.
 */
final class TokenBuckets {

    private final double perNano;
    private final double burst;
    private final int maxAddresses;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond tokens added per second; 0 or less turns rate limiting off
     * @param burst the most tokens a bucket holds, at least 1
     */
    TokenBuckets(double perSecond, int burst, int maxAddresses) {
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.maxAddresses = maxAddresses;
    }

    boolean enabled() {
        return perNano > 0;
    }

    /** Whether {@code address} may make a request at {@code nowNanos} (System.nanoTime). */
    boolean tryAcquire(String address, long nowNanos) {
        if (!enabled()) {
            return true;
        }
        if (buckets.size() > maxAddresses) {
            buckets.values().removeIf(b -> b.isFull(nowNanos));
        }
        return buckets.computeIfAbsent(address, a -> new Bucket(burst, nowNanos)).tryTake(nowNanos);
    }

    int size() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean tryTake(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) * perNano);
                last = now;
            }
        }
    }
}
