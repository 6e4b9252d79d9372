package io.debitwatch.job.adapt;

import io.debitwatch.job.Uids;
import io.debitwatch.providers.alipay.AlipayNotifications;
import io.debitwatch.providers.wechat.WeChatNotifications;

/**
 * The provider inputs the job reads in a provider's own format, each adapted record by record in
 * its source (see {@link AdaptedRecord}). Each has fixed operator uids; a replay may read several
 * files of one format (one statement per merchant), and the second and later get the uids of {@link
 * #sourceUid(int)} and {@link #splitUid(int)}, so that no two sources share one. Statement files
 * (WeChat tradebill, Alipay CSV) are read whole, not record by record ({@link
 * AdaptedStatementFormat}); all are read through {@link
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
     * The source uid of the {@code ordinal}-th input of this format (1-based): the first keeps
     * {@link #sourceUid()}, so a job with one input of each format keeps its uids.
     */
    public String sourceUid(int ordinal) {
        return numbered(sourceUid, ordinal);
    }

    /** The split uid of the {@code ordinal}-th input of this format, as {@link #sourceUid(int)}. */
    public String splitUid(int ordinal) {
        return numbered(splitUid, ordinal);
    }

    /**
     * The label of the {@code ordinal}-th input: {@link #label()}, then e.g. {@code wechat bill 2}.
     */
    public String label(int ordinal) {
        return ordinal == 1 ? label : label + " " + ordinal;
    }

    private static String numbered(String uid, int ordinal) {
        if (ordinal < 1) {
            throw new IllegalArgumentException("ordinal " + ordinal + " < 1");
        }
        return ordinal == 1 ? uid : uid + "-" + ordinal;
    }

    /**
     * Longer records are dead letters without being adapted (the adapter's own limit); 0 for
     * statement files, which are not read record by record.
     */
    public int maxRecordChars() {
        return maxRecordChars;
    }
}
