package io.debitwatch.job.adapt;

import io.debitwatch.job.Uids;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;

/**
 * The provider inputs the job reads in a provider's own format, each adapted record by record in
 * its source (see {@link AdaptedRecord}). Each has fixed operator uids: a job reads each format
 * from at most one input. Statement files (WeChat tradebill, Alipay CSV) are read whole, not record
 * by record ({@link AdaptedStatementFormat}); all are read through {@link
 * io.debitwatch.job.JobIO#adaptedProviderInputs}.
 */
public enum RawFormat {
    WECHAT_NOTIFICATIONS(
            "wechat notifications",
            Uids.WECHAT_NOTIFICATIONS_SOURCE,
            Uids.WECHAT_NOTIFICATIONS_SPLIT,
            WeChatNotifications.MAX_RECORD_CHARS),
    ALIPAY_NOTIFICATIONS(
            "alipay notifications",
            Uids.ALIPAY_NOTIFICATIONS_SOURCE,
            Uids.ALIPAY_NOTIFICATIONS_SPLIT,
            AlipayNotifications.MAX_RECORD_CHARS),
    /** WeChat Pay tradebill CSV (bill_type ALL), read whole; replay only. */
    WECHAT_BILL("wechat bill", Uids.WECHAT_BILL_SOURCE, Uids.WECHAT_BILL_SPLIT, 0),
    /** Alipay business-detail statement CSV (GBK), read whole; replay only. */
    ALIPAY_BILL("alipay bill", Uids.ALIPAY_BILL_SOURCE, Uids.ALIPAY_BILL_SPLIT, 0);

    private final String label;
    private final String sourceUid;
    private final String splitUid;
    private final int maxRecordChars;

    RawFormat(String label, String sourceUid, String splitUid, int maxRecordChars) {
        this.label = label;
        this.sourceUid = sourceUid;
        this.splitUid = splitUid;
        this.maxRecordChars = maxRecordChars;
    }

    /** Lower-case name for summaries and operator names, e.g. {@code wechat notifications}. */
    public String label() {
        return label;
    }

    public String sourceUid() {
        return sourceUid;
    }

    /** Uid of the {@link AdaptedSplit} after the source. */
    public String splitUid() {
        return splitUid;
    }

    /**
     * Longer records are dead letters without being adapted (the adapter's own limit); 0 for
     * statement files, which are not read record by record.
     */
    public int maxRecordChars() {
        return maxRecordChars;
    }
}
