package org.mcelogjava.protocol.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void theNumbersAreLinuxs() {
        assertEquals(1, Errno.EPERM.number());
        assertEquals(2, Errno.ENOENT.number());
        assertEquals(5, Errno.EIO.number());
        assertEquals(9, Errno.EBADF.number());
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(13, Errno.EACCES.number());
        assertEquals(14, Errno.EFAULT.number());
        assertEquals(16, Errno.EBUSY.number());
        assertEquals(19, Errno.ENODEV.number());
        assertEquals(22, Errno.EINVAL.number());
        assertEquals(25, Errno.ENOTTY.number());
        assertEquals(28, Errno.ENOSPC.number());
        assertEquals(29, Errno.ESPIPE.number());
        assertEquals(38, Errno.ENOSYS.number());
        assertEquals(71, Errno.EPROTO.number());
        assertEquals(90, Errno.EMSGSIZE.number());
        assertEquals(93, Errno.EPROTONOSUPPORT.number());
        assertEquals(95, Errno.EOPNOTSUPP.number());
        assertEquals(133, Errno.EHWPOISON.number());
    }

    @Test
    void everyErrnoIsFoundByItsNumberAndNumbersAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertTrue(seen.add(e.number()), "duplicate " + e.number());
            assertEquals(Optional.of(e), Errno.fromNumber(e.number()));
        }
    }

    @Test
    void unknownNumbersAreEmpty() {
        assertEquals(Optional.empty(), Errno.fromNumber(0));
        assertEquals(Optional.empty(), Errno.fromNumber(-22));
        assertEquals(Optional.empty(), Errno.fromNumber(40));
        assertEquals(Optional.empty(), Errno.fromNumber(134));
        assertEquals(Optional.empty(), Errno.fromNumber(Integer.MAX_VALUE));
    }

    @Test
    void describeNamesNumberAndText() {
        assertEquals("EBUSY (16): Device or resource busy", Errno.EBUSY.describe());
        assertEquals("ENOTTY (25): Inappropriate ioctl for device", Errno.ENOTTY.describe());
    }
}
