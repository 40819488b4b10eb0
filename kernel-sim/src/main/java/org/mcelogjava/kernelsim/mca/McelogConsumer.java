package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.protocol.mce.Mce;

/**
 * Where the MCELOG notifier delivers records: the /dev/mcelog device ({@code dev_mce_log}) plugs
 * in here. Called in process context, in chronological order, one record at a time.
 */
@FunctionalInterface
public interface McelogConsumer {

    void accept(Mce m);
}
