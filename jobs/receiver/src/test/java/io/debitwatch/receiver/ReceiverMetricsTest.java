package io.debitwatch.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.receiver.ReceiverMetrics.Outcome;
import org.junit.jupiter.api.Test;

class ReceiverMetricsTest {

    @Test
    void countsByProviderAndOutcomeWithACumulativeLatencyHistogram() {
        ReceiverMetrics metrics = new ReceiverMetrics();
        metrics.record(Provider.WECHAT, Outcome.RECEIVED, 3_000_000); // 3 ms
        metrics.record(Provider.WECHAT, Outcome.RECEIVED, 40_000_000); // 40 ms
        metrics.record(Provider.ALIPAY, Outcome.KAFKA_FAILED, 5_000_000_000L); // 5 s

        String text = metrics.scrape();

        assertThat(text)
                .contains(
                        "debitwatch_receiver_requests_total{provider=\"wechat\",outcome=\"received\"} 2\n",
                        "debitwatch_receiver_requests_total{provider=\"alipay\",outcome=\"kafka_failed\"} 1\n",
                        "debitwatch_receiver_requests_total{provider=\"alipay\",outcome=\"received\"} 0\n",
                        "# TYPE debitwatch_receiver_request_duration_seconds histogram\n",
                        "debitwatch_receiver_request_duration_seconds_bucket{provider=\"wechat\",le=\"0.0025\"} 0\n",
                        "debitwatch_receiver_request_duration_seconds_bucket{provider=\"wechat\",le=\"0.005\"} 1\n",
                        "debitwatch_receiver_request_duration_seconds_bucket{provider=\"wechat\",le=\"0.05\"} 2\n",
                        "debitwatch_receiver_request_duration_seconds_bucket{provider=\"wechat\",le=\"+Inf\"} 2\n",
                        "debitwatch_receiver_request_duration_seconds_count{provider=\"wechat\"} 2\n",
                        "debitwatch_receiver_request_duration_seconds_sum{provider=\"wechat\"} 0.043\n",
                        "debitwatch_receiver_request_duration_seconds_bucket{provider=\"alipay\",le=\"2.5\"} 0\n",
                        "debitwatch_receiver_request_duration_seconds_bucket{provider=\"alipay\",le=\"5.0\"} 1\n");
        assertThat(metrics.count(Provider.WECHAT, Outcome.RECEIVED)).isEqualTo(2);
    }
}
