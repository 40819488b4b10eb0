package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.protocol.mce.Mce;

/**
 * A member of {@code x86_mce_decoder_chain}. Higher priority runs first ({@code MCE_PRIO_*}).
 * A notifier returns the record, possibly with kflags added, for the ones after it.
 */
public interface MceNotifier {

    int PRIO_CEC = 7;
    int PRIO_EARLY = 6;
    int PRIO_UC = 5;
    int PRIO_EXTLOG = 4;
    int PRIO_NFIT = 3;
    int PRIO_EDAC = 2;
    int PRIO_MCELOG = 1;
    int PRIO_LOWEST = 0;

    int priority();

    Mce notify(Mce m);
}
