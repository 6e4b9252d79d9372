package io.debitwatch.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;

/**
 * RocksDB settings for debitwatch's state: an order lives for about a day and is read back at its
 * deadline and horizon, so most reads hit recent, hot data. Compressing it costs a decompression on
 * every block-cache miss (measured: the largest single cost of a large replay) and saves little,
 * since state is cleared at the horizon. Only the bottommost level, where long-lived data settles,
 * is compressed (LZ4, cheap to read).
 *
 * <p>Set with {@code state.backend.rocksdb.options-factory:
 * io.debitwatch.job.ShortLivedStateOptions}.
 */
public class ShortLivedStateOptions implements RocksDBOptionsFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
        return current;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
        // Flink sets a per-level compression (Snappy) that overrides the plain compression type.
        List<CompressionType> perLevel = new ArrayList<>(current.numLevels());
        for (int level = 0; level < current.numLevels(); level++) {
            perLevel.add(CompressionType.NO_COMPRESSION);
        }
        return current.setCompressionType(CompressionType.NO_COMPRESSION)
                .setCompressionPerLevel(perLevel)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION);
    }
}
