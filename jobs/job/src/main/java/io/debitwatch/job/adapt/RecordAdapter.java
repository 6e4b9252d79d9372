package io.debitwatch.job.adapt;

import io.debitwatch.providers.Adapted;
import java.io.Serializable;

/**
 * Adapts one raw provider record (a received notification, one NDJSON line or Kafka record) to what
 * it is: provider events, a notice or a rejection. Runs inside the job's sources, so it must be
 * serialisable and thread-safe, and must never throw: {@code wechat::adapt} of a {@link
 * io.debitwatch.providers.wechat.WeChatNotifications} or {@code alipay::adapt} of an {@link
 * io.debitwatch.providers.alipay.AlipayNotifications}.
 */
@FunctionalInterface
public interface RecordAdapter extends Serializable {

    Adapted adapt(String record);
}
