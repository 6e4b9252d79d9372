package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anAddressMayBurstThenWaitsForTheRefill() {
        TokenBuckets buckets = new TokenBuckets(2, 3, 100);
        long t = 5 * SECOND;
        assertThat(buckets.tryAcquire("10.0.0.1", t)).isTrue();
        assertThat(buckets.tryAcquire("10.0.0.1", t)).isTrue();
        assertThat(buckets.tryAcquire("10.0.0.1", t)).isTrue();
        assertThat(buckets.tryAcquire("10.0.0.1", t)).isFalse();
        // Half a second at 2 per second: one more token.
        assertThat(buckets.tryAcquire("10.0.0.1", t + SECOND / 2)).isTrue();
        assertThat(buckets.tryAcquire("10.0.0.1", t + SECOND / 2)).isFalse();
    }

    @Test
    void eachAddressHasItsOwnBucket() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 100);
        assertThat(buckets.tryAcquire("10.0.0.1", 0)).isTrue();
        assertThat(buckets.tryAcquire("10.0.0.1", 0)).isFalse();
        assertThat(buckets.tryAcquire("10.0.0.2", 0)).isTrue();
    }

    @Test
    void aBucketNeverHoldsMoreThanTheBurst() {
        TokenBuckets buckets = new TokenBuckets(100, 2, 100);
        buckets.tryAcquire("a", 0);
        long hourLater = 3600 * SECOND;
        assertThat(buckets.tryAcquire("a", hourLater)).isTrue();
        assertThat(buckets.tryAcquire("a", hourLater)).isTrue();
        assertThat(buckets.tryAcquire("a", hourLater)).isFalse();
    }

    @Test
    void idleAddressesAreForgottenWhenTheMapIsFull() {
        TokenBuckets buckets = new TokenBuckets(1, 1, 2);
        buckets.tryAcquire("a", 0);
        buckets.tryAcquire("b", 0);
        buckets.tryAcquire("c", 0);
        assertThat(buckets.size()).isEqualTo(3);
        // Ten seconds on, every bucket is full again: all forgotten before "d" gets its own.
        buckets.tryAcquire("d", 10 * SECOND);
        assertThat(buckets.size()).isEqualTo(1);
    }

    @Test
    void aRateOfZeroLimitsNothing() {
        TokenBuckets buckets = new TokenBuckets(0, 0, 2);
        for (int i = 0; i < 1000; i++) {
            assertThat(buckets.tryAcquire("a", 0)).isTrue();
        }
        assertThat(buckets.size()).isZero();
    }
}
