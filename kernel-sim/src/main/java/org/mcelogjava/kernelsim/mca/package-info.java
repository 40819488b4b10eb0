/**
 * arch/x86/kernel/cpu/mce/ in Java. Map from the kernel:
 * <ul>
 * <li>core.c: {@link org.mcelogjava.kernelsim.mca.MachineCheckPoller} ({@code machine_check_poll}),
 * {@link org.mcelogjava.kernelsim.mca.PollTimers} ({@code mce_timer_fn}),
 * {@link org.mcelogjava.kernelsim.mca.MachineCheckHandler} ({@code do_machine_check}),
 * {@link org.mcelogjava.kernelsim.mca.Monarch} ({@code mce_start}/{@code mce_end}/{@code mce_reign}),
 * {@link org.mcelogjava.kernelsim.mca.MachineCheckPanic} ({@code mce_panic}),
 * {@link org.mcelogjava.kernelsim.mca.TaskWork} ({@code queue_task_work}, {@code kill_me_maybe}),
 * {@link org.mcelogjava.kernelsim.mca.MceLogger} ({@code mce_log}, {@code mce_gen_pool_process}),
 * {@link org.mcelogjava.kernelsim.mca.Notifiers} (the decoder chain members),
 * {@link org.mcelogjava.kernelsim.mca.McaMsrs} ({@code mce_rdmsrl} with {@code injectm}),
 * {@link org.mcelogjava.kernelsim.mca.MceRecords} ({@code mce_setup}, {@code mce_read_aux}),
 * {@link org.mcelogjava.kernelsim.mca.LegacyRecovery} (the 4.0 {@code mce_ring} and
 * {@code mce_report_event}), {@link org.mcelogjava.kernelsim.mca.MceSysfs}.</li>
 * <li>severity.c: {@link org.mcelogjava.kernelsim.mca.IntelSeverityTable},
 * {@link org.mcelogjava.kernelsim.mca.IntelSeverityGrader}, {@link org.mcelogjava.kernelsim.mca.AmdSeverityGrader}.</li>
 * <li>intel.c / threshold.c: {@link org.mcelogjava.kernelsim.mca.Cmci}, {@link org.mcelogjava.kernelsim.mca.CmciStorms}.</li>
 * <li>genpool.c: {@link org.mcelogjava.kernelsim.mca.MceGenPool}.</li>
 * <li>drivers/ras/cec.c: {@link org.mcelogjava.kernelsim.mca.CorrectedErrorsCollector} (the decoder
 * chain's MCE_PRIO_CEC member, when the kernel has one).</li>
 * </ul>
 * CPUs inside the #MC handler at the same time run under the deterministic
 * {@link org.mcelogjava.kernelsim.mca.CpuInterleaver}; the generation-specific policies are chosen by
 * {@link org.mcelogjava.kernelsim.mca.KernelProfile}.
 */
package org.mcelogjava.kernelsim.mca;
