package org.mcelogjava.kernelsim.machine;

/** Which CPUs see one physical MCA bank: a hardware thread alone, the SMT siblings of a core, or a whole package. */
public enum BankScope {
    THREAD, CORE, PACKAGE
}
