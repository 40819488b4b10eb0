package org.mcelogjava.kernelsim.mca;

import org.mcelogjava.protocol.mce.Mce;

/** {@code mce_severity()}: one vendor's way to grade a record. */
public interface SeverityGrader {

    /**
     * Grades {@code m}.
     *
     * @param m     the record (status, mcgstatus, cs, ip, bank are read)
     * @param isExcp true from the #MC handler, false from {@code machine_check_poll}
     */
    Grade grade(Mce m, boolean isExcp);
}
