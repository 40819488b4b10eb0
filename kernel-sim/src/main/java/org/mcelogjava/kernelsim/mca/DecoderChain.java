package org.mcelogjava.kernelsim.mca;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mcelogjava.protocol.mce.Mce;

/**
 * {@code x86_mce_decoder_chain}: a blocking notifier chain called from process context for each
 * record, in priority order (equal priorities in registration order).
 */
public final class DecoderChain {

    private final List<MceNotifier> chain = new CopyOnWriteArrayList<>();

    /** {@code mce_register_decode_chain}. */
    public synchronized void register(MceNotifier n) {
        List<MceNotifier> copy = new ArrayList<>(chain);
        copy.add(n);
        copy.sort(Comparator.comparingInt(MceNotifier::priority).reversed());
        chain.clear();
        chain.addAll(copy);
    }

    /** {@code mce_unregister_decode_chain}. */
    public void unregister(MceNotifier n) {
        chain.remove(n);
    }

    /** {@code blocking_notifier_call_chain(&x86_mce_decoder_chain, 0, m)}. */
    public Mce call(Mce m) {
        Mce cur = m;
        for (MceNotifier n : chain) {
            cur = n.notify(cur);
        }
        return cur;
    }
}
