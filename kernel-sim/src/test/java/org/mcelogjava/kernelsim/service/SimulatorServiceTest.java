package org.mcelogjava.kernelsim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mcelogjava.client.DeviceConnection;
import org.mcelogjava.client.DeviceException;
import org.mcelogjava.kernelsim.machine.CpuProfiles;
import org.mcelogjava.kernelsim.mca.KernelProfile;
import org.mcelogjava.kernelsim.mca.MceObserver;
import org.mcelogjava.kernelsim.mm.PageState;
import org.mcelogjava.kernelsim.server.PeerPolicy;
import org.mcelogjava.protocol.device.AttrEntry;
import org.mcelogjava.protocol.device.DevicePaths;
import org.mcelogjava.protocol.device.Errno;
import org.mcelogjava.protocol.device.McelogIoctl;
import org.mcelogjava.protocol.device.OpenFlags;
import org.mcelogjava.protocol.device.PollEvents;
import org.mcelogjava.protocol.mce.Mce;
import org.mcelogjava.protocol.mce.MceCodec;
import org.mcelogjava.protocol.testing.Await;

/** The whole simulator over a real Unix socket, driven by the real client; virtual time. */
class SimulatorServiceTest {

    private static final String MC0 = "/sys/devices/system/machinecheck/machinecheck0/";
    private static final String INJECT = "/sys/kernel/debug/mce-inject/";
    private static final PeerPolicy EVERYONE = (uid, gids) -> true;
    private static final PeerPolicy NOBODY = (uid, gids) -> false;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private SimulatorService start(KernelProfile kernel, PeerPolicy policy, int deviceMode) throws Exception {
        return start(kernel, policy, deviceMode, "none", 1);
    }

    private SimulatorService start(KernelProfile kernel, PeerPolicy policy, int deviceMode, String faults, long seed)
            throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("mce-" + open.size() + ".sock"), 4,
                CpuProfiles.skylakeServer(), kernel, new ServiceConfig.ClockMode.Stepped(), faults, seed, Set.of(),
                Set.of(), deviceMode);
        SimulatorService s = SimulatorService.start(config, MceObserver.NONE, policy, msg -> { });
        open.add(s);
        return s;
    }

    private DeviceConnection connect(SimulatorService s) throws Exception {
        DeviceConnection c = DeviceConnection.connect(s.server().socket(), "test");
        open.add(c);
        return c;
    }

    /** A corrected error through debugfs {@code sw}: straight into mce_log. */
    private static void injectCorrected(DeviceConnection c, int bank) throws Exception {
        c.writeText(INJECT + "status", "0x9c00000000010090\n");
        c.writeText(INJECT + "bank", bank + "\n");
    }

    private static Errno errno(org.junit.jupiter.api.function.Executable op) {
        return assertThrows(DeviceException.class, op).errno();
    }

    @Test
    void aClientInPollWakesWhenTheEngineLogsARecord() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection reader = connect(s);
        DeviceConnection injector = connect(s);
        int fd = reader.open(OpenFlags.O_RDONLY);
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.poll(fd, PollEvents.POLLIN, -1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        while (s.device().waiters() == 0) {
            Thread.onSpinWait();
        }
        assertFalse(poll.isDone());
        injectCorrected(injector, 3);
        assertEquals(PollEvents.POLLIN, poll.get(10, TimeUnit.SECONDS));
        byte[] data = reader.read(fd, 32 * 128);
        assertEquals(128, data.length);
        Mce m = MceCodec.decode(data, 0, 128);
        assertEquals(3, m.bank());
        assertEquals(0x9c00000000010090L, m.status());
        assertEquals(0, reader.read(fd, 32 * 128).length);
    }

    @Test
    void inTheFourZeroProfileReadersWakeFromMceNotifyIrqNotPerRecord() throws Exception {
        SimulatorService s = start(KernelProfile.V4_0, EVERYONE, 0600);
        DeviceConnection reader = connect(s);
        DeviceConnection injector = connect(s);
        int fd = reader.open(OpenFlags.O_RDONLY);
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.poll(fd, PollEvents.POLLIN, -1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        while (s.device().waiters() == 0) {
            Thread.onSpinWait();
        }
        injectCorrected(injector, 3);
        assertEquals(1, (int) s.onEngine(() -> s.device().pending())); // logged, nobody woken yet
        assertEquals(1, s.device().waiters());
        assertFalse(poll.isDone());
        s.onEngine(() -> {
            s.kernel().advanceBy(301_000_000_000L); // the poll timer runs mce_notify_irq
            return null;
        });
        assertEquals(PollEvents.POLLIN, poll.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theFaultGeneratorFillsTheDeviceReproduciblyInVirtualTime() throws Exception {
        List<String> first = monthOfFaults(start(KernelProfile.V6_12, EVERYONE, 0600, "default", 42));
        List<String> second = monthOfFaults(start(KernelProfile.V6_12, EVERYONE, 0600, "default", 42));
        assertFalse(first.isEmpty(), "a month of a server produces errors");
        assertEquals(first, second, "same seed, same records");
    }

    @Test
    void withFaultsFromFirstOpenAnUnreadDeviceStaysEmptyUntilItsReaderArrives() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("late.sock"), 4, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "default", 42, Set.of(), Set.of(), 0600,
                Optional.empty(), false, true);
        SimulatorService s = SimulatorService.start(config, MceObserver.NONE, EVERYONE, msg -> { });
        open.add(s);
        long day = 86_400_000_000_000L;
        assertEquals(0, (int) s.onEngine(() -> {
            s.kernel().advanceBy(30 * day);
            return s.device().pending();
        }), "a month without a reader raises no errors");
        assertEquals(monthOfFaults(start(KernelProfile.V6_12, EVERYONE, 0600, "default", 42)), monthOfFaults(s),
                "from its first open the device gets the month a booted generator gives");
    }

    private List<String> monthOfFaults(SimulatorService s) throws Exception {
        DeviceConnection c = connect(s);
        int fd = c.open(OpenFlags.O_RDONLY);
        List<String> got = new ArrayList<>();
        for (int day = 0; day < 30; day++) {
            s.onEngine(() -> {
                s.kernel().advanceBy(86_400_000_000_000L);
                return null;
            });
            byte[] data = c.read(fd, 32 * 128);
            for (int off = 0; off < data.length; off += 128) {
                Mce m = MceCodec.decode(data, off, 128);
                got.add(day + ":" + m.extcpu() + "/" + m.bank() + "/" + Long.toHexString(m.status()) + "/"
                        + Long.toHexString(m.addr()));
            }
        }
        return got;
    }

    @Test
    void onAnAcceleratedClockTheEngineThreadFiresThePollTimersByItself() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("fast.sock"), 2, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Scaled(100_000), "none", 1L, Set.of(), Set.of(), 0600);
        SimulatorService s = SimulatorService.start(config, MceObserver.NONE, EVERYONE, msg -> { });
        open.add(s);
        long firstExpiry = s.onEngine(() -> s.kernel().pollTimers().expires(0));
        // 300 simulated seconds are 3 ms of real time here
        Await.until(() -> s.onEngine(() -> s.kernel().pollTimers().expires(0)) != firstExpiry,
                "the engine thread to fire the 300 s poll timer of CPU 0 by itself");
        assertTrue(s.onEngine(() -> s.kernel().pollTimers().expires(0)) > firstExpiry);
    }

    @Test
    void aFullLogDropsNewRecordsAndKeepsTheOverflowFlagUntilGetClear() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        int fd = c.open(OpenFlags.O_RDONLY);
        assertEquals(32, c.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN));
        assertEquals(128, c.ioctl(fd, McelogIoctl.MCE_GET_RECORD_LEN));
        for (int i = 0; i < 40; i++) {
            injectCorrected(c, i % 20);
        }
        byte[] data = c.read(fd, 32 * 128);
        assertEquals(32 * 128, data.length);
        assertEquals(31 % 20, MceCodec.decode(data, 31 * 128, 128).bank()); // the first 32 kept
        assertEquals(1, c.ioctl(fd, McelogIoctl.MCE_GETCLEAR_FLAGS));
        assertEquals(0, c.ioctl(fd, McelogIoctl.MCE_GETCLEAR_FLAGS));
    }

    @Test
    void theFourZeroProfileHas32SlotsOf88Bytes() throws Exception {
        SimulatorService s = start(KernelProfile.V4_0, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        int fd = c.open(OpenFlags.O_RDONLY);
        assertEquals(32, c.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN));
        assertEquals(88, c.ioctl(fd, McelogIoctl.MCE_GET_RECORD_LEN));
        assertEquals("1\n", c.readText(MC0 + "tolerant"));
    }

    @Test
    void deviceErrnos() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        DeviceConnection other = connect(s);
        int fd = c.open(OpenFlags.O_RDWR);
        assertEquals(Errno.EBUSY, errno(() -> other.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL)));
        assertEquals(Errno.EINVAL, errno(() -> c.read(fd, 4095)));
        assertEquals(Errno.ENOTTY, errno(() -> c.ioctl(fd, 0x80044D04)));
        assertEquals(Errno.EBADF, errno(() -> c.read(99, 4096)));
        c.writeText("/sys/devices/system/cpu/cpu2/online", "0\n");
        byte[] forCpu2 = MceCodec.encode(Mce.builder().extcpu(2).cpu(2).status(0x9000000000000000L).build(), 88);
        assertEquals(Errno.EINVAL, errno(() -> c.write(fd, forCpu2)));
        c.writeText("/sys/devices/system/cpu/cpu2/online", "1\n");
        assertEquals(88, c.write(fd, forCpu2));
        c.close(fd);
        int excl = other.open(OpenFlags.O_RDONLY | OpenFlags.O_EXCL);
        assertEquals(Errno.EBUSY, errno(() -> c.open(OpenFlags.O_RDONLY)));
        other.close();
        open.remove(other);
        // the dead client's exclusive open is released
        Await.until(() -> {
            try {
                c.close(c.open(OpenFlags.O_RDONLY));
                return true;
            } catch (DeviceException e) {
                return false;
            }
        }, "the exclusive handle " + excl + " of a closed connection to be released");
    }

    @Test
    void cpuHotplugRemovesAndRestoresMachinecheckN() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        assertEquals(4, machinecheckDirs(c));
        assertEquals(Errno.ENOENT, errno(() -> c.readText("/sys/devices/system/cpu/cpu0/online")));
        c.writeText("/sys/devices/system/cpu/cpu3/online", "0\n");
        assertEquals("0\n", c.readText("/sys/devices/system/cpu/cpu3/online"));
        assertEquals(3, machinecheckDirs(c));
        assertEquals(Errno.ENOENT, errno(() -> c.readText("/sys/devices/system/machinecheck/machinecheck3/check_interval")));
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(INJECT + "cpu", "3\n")));
        c.writeText("/sys/devices/system/cpu/cpu3/online", "1\n");
        assertEquals(4, machinecheckDirs(c));
        assertEquals("300\n", c.readText("/sys/devices/system/machinecheck/machinecheck3/check_interval"));
    }

    private static long machinecheckDirs(DeviceConnection c) throws Exception {
        return c.list("/sys/devices/system/machinecheck").stream()
                .filter(e -> e.kind() == AttrEntry.Kind.DIRECTORY).count();
    }

    @Test
    void machinecheckAttributesReadAndWriteTheEngine() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        assertEquals("300\n", c.readText(MC0 + "check_interval"));
        assertEquals(4, c.writeText(MC0 + "check_interval", "600\n"));
        assertEquals("600\n", c.readText("/sys/devices/system/machinecheck/machinecheck2/check_interval"));
        assertEquals(600, (int) s.onEngine(() -> s.kernel().context().config().checkIntervalSec()));
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(MC0 + "check_interval", "ten")));
        c.writeText(MC0 + "monarch_timeout", "0x10\n");
        assertEquals("16\n", c.readText(MC0 + "monarch_timeout"));
        for (String knob : List.of("dont_log_ce", "print_all", "ignore_ce", "cmci_disabled")) {
            assertEquals("0\n", c.readText(MC0 + knob), knob);
            c.writeText(MC0 + knob, "1\n");
            assertEquals("1\n", c.readText(MC0 + knob), knob);
        }
        assertTrue(s.onEngine(() -> s.kernel().context().config().ignoreCe()));
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(MC0 + "dont_log_ce", "maybe")));
        assertEquals("ffffffffffffffff\n", c.readText(MC0 + "bank5"));
        c.writeText(MC0 + "bank5", "0\n");
        assertEquals("0\n", c.readText("/sys/devices/system/machinecheck/machinecheck1/bank5"));
        assertEquals(0L, (long) s.onEngine(() -> s.kernel().context().cpu(3).bankCtl(5)));
        assertEquals(Errno.ENOENT, errno(() -> c.readText(MC0 + "tolerant"))); // gone since 5.18
        assertEquals("\n", c.readText(MC0 + "trigger"));
        assertEquals(10, c.writeText(MC0 + "trigger", "/bin/true\nignored")); // 9 kept + the newline cut
        assertEquals("/bin/true\n", c.readText(MC0 + "trigger"));
    }

    @Test
    void debugfsInjectorAndMceFiles() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        c.writeText(INJECT + "status", "0x9c00000000010090\n");
        assertEquals("9c00000000010090\n", c.readText(INJECT + "status"));
        c.writeText(INJECT + "addr", "0x1234\n");
        assertEquals("1234\n", c.readText(INJECT + "addr"));
        c.writeText(INJECT + "cpu", "2\n");
        assertEquals("2\n", c.readText(INJECT + "cpu"));
        assertEquals("sw\n", c.readText(INJECT + "flags"));
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(INJECT + "flags", "sw")));   // the last byte is dropped
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(INJECT + "flags", "hw\n"))); // needs AMD's HWCR
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(INJECT + "bank", "20\n")));
        c.writeText(INJECT + "bank", "4\n");
        assertEquals("0\n", c.readText(INJECT + "status")); // reset after the injection
        assertTrue(c.readText(INJECT + "README").startsWith("Description of the files"));
        assertEquals("0\n", c.readText("/sys/kernel/debug/mce/fake_panic"));
        c.writeText("/sys/kernel/debug/mce/fake_panic", "1\n");
        assertEquals("1\n", c.readText("/sys/kernel/debug/mce/fake_panic"));
        assertTrue(c.readText("/sys/kernel/debug/mce/severities-coverage").contains("\t"));
        int fd = c.open(OpenFlags.O_RDONLY);
        Mce m = MceCodec.decode(c.read(fd, 4096), 0, 128);
        assertEquals(2, m.extcpu());
        assertEquals(4, m.bank());
        assertEquals(0x1234, m.addr());
        String kmsg = c.readText("/dev/kmsg");
        assertTrue(kmsg.lines().allMatch(l -> l.matches("[0-7],\\d+,\\d+,-;.*")), kmsg);
    }

    @Test
    void withTheCecCorrectedMemoryErrorsReachTheDeviceOnlyAtTheActionThreshold() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("cec.sock"), 4, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1, Set.of(), Set.of(), 0600,
                Optional.empty(), true);
        SimulatorService s = SimulatorService.start(config, MceObserver.NONE, EVERYONE, msg -> { });
        open.add(s);
        DeviceConnection c = connect(s);
        String cec = "/sys/kernel/debug/ras/cec/";
        assertEquals("2\n", c.readText(cec + "action_threshold"));
        assertEquals("86400\n", c.readText(cec + "decay_interval"));
        assertEquals(Errno.EINVAL, errno(() -> c.writeText(cec + "decay_interval", "60\n")));
        int fd = c.open(OpenFlags.O_RDONLY);
        for (int i = 0; i < 2; i++) {
            c.writeText(INJECT + "misc", "0x86\n");
            c.writeText(INJECT + "addr", "0x5040\n");
            injectCorrected(c, 3);
            // the record reaches the decoder chain in deferred work, which the engine runs before
            // its next call: reading an attribute first makes the device read see its outcome
            String array = c.readText(cec + "array");
            if (i == 0) {
                assertTrue(array.startsWith("{ n: 1\n   0: [0000000000000005|11|001]\n"), array);
                assertEquals(0, c.read(fd, 4096).length, "the CEC keeps the first error");
            }
        }
        Mce m = MceCodec.decode(c.read(fd, 4096), 0, 128);
        assertEquals(0x5040, m.addr());
        assertTrue(c.readText("/dev/kmsg").contains(";RAS: Soft-offlining pfn: 0x5\n"));
        c.writeText(cec + "pfn", "0x77\n");
        assertEquals("0x77\n", c.readText(cec + "pfn"));
        assertTrue(c.readText(cec + "array").contains("[0000000000000077|11|001]"));
    }

    @Test
    void eachOnlineCpuShowsItsCachesAndWhoSharesThemFollowingHotplug() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        String cpu1 = "/sys/devices/system/cpu/cpu1/cache/";
        assertEquals(List.of("index0", "index1", "index2", "index3"),
                c.list("/sys/devices/system/cpu/cpu1/cache").stream().map(e -> e.name()).toList());
        assertEquals("2\n", c.readText(cpu1 + "index2/level"));
        assertEquals("Instruction\n", c.readText(cpu1 + "index1/type"));
        assertEquals("2\n", c.readText(cpu1 + "index0/shared_cpu_map"), "4 single-threaded cores: its own L1");
        assertEquals("f\n", c.readText(cpu1 + "index3/shared_cpu_map"), "one package: every CPU shares the L3");
        assertEquals("0-3\n", c.readText(cpu1 + "index3/shared_cpu_list"));
        c.writeText("/sys/devices/system/cpu/cpu2/online", "0\n");
        assertEquals("b\n", c.readText(cpu1 + "index3/shared_cpu_map"));
        assertEquals("0-1,3\n", c.readText(cpu1 + "index3/shared_cpu_list"));
        assertEquals(Errno.ENOENT, errno(() -> c.readText("/sys/devices/system/cpu/cpu2/cache/index3/level")));
        c.writeText("/sys/devices/system/cpu/cpu2/online", "1\n");
        assertEquals("Data\n", c.readText("/sys/devices/system/cpu/cpu2/cache/index0/type"));
        assertEquals("f\n", c.readText(cpu1 + "index3/shared_cpu_map"));
    }

    @Test
    void procCpuinfoShowsEachOnlineCpuAsTheKernelPrintsIt() throws Exception {
        DeviceConnection c = connect(start(KernelProfile.V6_12, EVERYONE, 0600));
        String info = c.readText("/proc/cpuinfo");
        assertTrue(info.startsWith("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
                + "model name\t: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz\nstepping\t: 4\nmicrocode\t: 0x2006e05\n"
                + "cpu MHz\t\t: 2400.000\n"), info);
        assertEquals(4, info.split("\n\n").length);
        assertTrue(info.contains("\nflags\t\t: fpu vme de pse tsc msr pae mce "), info);
        c.writeText("/sys/devices/system/cpu/cpu2/online", "0\n");
        String after = c.readText("/proc/cpuinfo");
        assertEquals(3, after.split("\n\n").length);
        assertFalse(after.contains("processor\t: 2\n"), after);
    }

    @Test
    void theFirmwareDescribesEachDimmInSmbiosEntries() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        String dev = "/sys/firmware/dmi/entries/17-0/";
        assertEquals("17\n", c.readText(dev + "type"));
        byte[] raw = c.readAttribute(dev + "raw");
        assertEquals(17, raw[0]);
        int length = raw[1] & 0xff;
        String[] strings = new String(raw, length, raw.length - length, StandardCharsets.US_ASCII).split("\0");
        assertEquals("CPU0_DIMM_A1", strings[raw[0x10] - 1], "device locator");
        assertEquals("P0_Node0_Channel0_Dimm0", strings[raw[0x11] - 1], "bank locator");
        assertEquals(0, raw[raw.length - 1]);
        assertEquals(0, raw[raw.length - 2], "the strings end in a double null");
        // skx: one socket, 6 channels x 2 DIMMs over 16 GiB
        assertEquals(12, c.list("/sys/firmware/dmi/entries").stream().filter(e -> e.name().startsWith("17-")).count());
        byte[] range = c.readAttribute("/sys/firmware/dmi/entries/20-1/raw");
        long start = (range[4] & 0xffL) | (range[5] & 0xffL) << 8 | (range[6] & 0xffL) << 16 | (range[7] & 0xffL) << 24;
        assertEquals((16L << 30) / 12 / (16 * 8192) * (16 * 8192) >>> 10, start, "DIMM 1 starts where DIMM 0 ends, in KiB");
        DeviceConnection user = connect(start(KernelProfile.V6_12, NOBODY, 0600));
        assertEquals(Errno.EACCES, errno(() -> user.readAttribute(dev + "raw")), "raw is root's");
        assertEquals("17\n", user.readText(dev + "type"));
    }

    @Test
    void withoutTheCecThereIsNoRasDebugfsDirectory() throws Exception {
        DeviceConnection c = connect(start(KernelProfile.V6_12, EVERYONE, 0600));
        assertEquals(Errno.ENOENT, errno(() -> c.readText("/sys/kernel/debug/ras/cec/array")));
    }

    @Test
    void aTcpPeerIsServedButNeverPrivileged() throws Exception {
        ServiceConfig config = new ServiceConfig(dir.resolve("tcp.sock"), 4, CpuProfiles.skylakeServer(),
                KernelProfile.V6_12, new ServiceConfig.ClockMode.Stepped(), "none", 1, Set.of(), Set.of(), 0600,
                Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), false);
        SimulatorService s = SimulatorService.start(config, MceObserver.NONE, EVERYONE, msg -> { });
        open.add(s);
        InetSocketAddress bound = s.tcpAddress().orElseThrow();
        assertTrue(bound.getAddress().isLoopbackAddress() && bound.getPort() > 0, bound.toString());
        DeviceConnection c = DeviceConnection.connect(bound, "tcp-peer");
        open.add(c);
        assertFalse(c.privileged(), "no credentials over TCP, whatever the policy");
        assertEquals("300\n", c.readText(DevicePaths.machinecheck(0, DevicePaths.CHECK_INTERVAL)));
        assertEquals(Errno.EACCES, errno(() -> c.open(OpenFlags.O_RDONLY)), "device mode 0600");
        assertEquals(Errno.EACCES, errno(() -> c.writeText(DevicePaths.machinecheck(0, DevicePaths.CHECK_INTERVAL),
                "10\n")), "0644: only root writes");
        DeviceConnection local = connect(s);
        assertTrue(local.privileged(), "the Unix socket still decides by SO_PEERCRED");
    }

    @Test
    void bootIdIsWorldReadableFixedForABootAndNewForTheNext() throws Exception {
        SimulatorService first = start(KernelProfile.V6_12, NOBODY, 0600);
        DeviceConnection c = connect(first);
        String id = c.readText(DevicePaths.BOOT_ID);
        assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n"), id);
        assertEquals(id, c.readText(DevicePaths.BOOT_ID));
        DeviceConnection d = connect(start(KernelProfile.V6_12, NOBODY, 0600));
        assertNotEquals(id, d.readText(DevicePaths.BOOT_ID));
    }

    @Test
    void anUnprivilegedPeerGetsTheOtherBitsAndEperm() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, NOBODY, 0600);
        DeviceConnection c = connect(s);
        assertFalse(c.privileged());
        assertEquals(Errno.EACCES, errno(() -> c.open(OpenFlags.O_RDONLY)));
        assertEquals("300\n", c.readText(MC0 + "check_interval"));
        assertEquals(Errno.EACCES, errno(() -> c.writeText(MC0 + "check_interval", "1\n")));
        assertEquals(Errno.EACCES, errno(() -> c.writeText("/sys/devices/system/memory/soft_offline_page", "0x1000\n")));
        assertEquals(Errno.EACCES, errno(() -> c.readText(INJECT + "status")));
        assertEquals(Errno.EACCES, errno(() -> c.readText("/sys/kernel/debug/mce/fake_panic")));
        c.readText("/dev/kmsg"); // 0644: anybody may read the log

        SimulatorService open = start(KernelProfile.V6_12, NOBODY, 0666);
        DeviceConnection d = connect(open);
        int fd = d.open(OpenFlags.O_RDWR);
        assertEquals(0, d.read(fd, 4096).length);
        assertEquals(Errno.EPERM, errno(() -> d.ioctl(fd, McelogIoctl.MCE_GET_LOG_LEN)));
        assertEquals(Errno.EPERM, errno(() -> d.write(fd, new byte[88])));
    }

    @Test
    void offlinePageFilesReachMemoryFailure() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        long pfn = 0x12345;
        s.onEngine(() -> s.kernel().memoryFailure().memory().setState(pfn, PageState.LRU_CLEAN));
        c.writeText("/sys/devices/system/memory/soft_offline_page", "0x" + Long.toHexString(pfn << 12) + "\n");
        assertTrue(s.onEngine(() -> s.kernel().memoryFailure().memory().page(pfn).hwPoison()));
        assertEquals(Errno.ENXIO, errno(() -> c.writeText("/sys/devices/system/memory/soft_offline_page",
                "0x100000000000\n")));
        assertEquals(Errno.EINVAL, errno(() -> c.writeText("/sys/devices/system/memory/soft_offline_page", "x\n")));
        assertEquals(Errno.EACCES, errno(() -> c.readText("/sys/devices/system/memory/hard_offline_page")));
        long free = 0x22222;
        c.writeText("/sys/devices/system/memory/hard_offline_page", "0x" + Long.toHexString(free << 12));
        assertTrue(s.onEngine(() -> s.kernel().memoryFailure().memory().page(free).hwPoison()));
        assertEquals(Errno.EHWPOISON, errno(() -> c.writeText("/sys/devices/system/memory/hard_offline_page",
                "0x" + Long.toHexString(free << 12))));
    }

    @Test
    void theTriggerRunsARealProgramWhenARecordIsLogged() throws Exception {
        SimulatorService s = start(KernelProfile.V6_12, EVERYONE, 0600);
        DeviceConnection c = connect(s);
        Path marker = dir.resolve("ran");
        Path script = dir.resolve("trigger.sh");
        Files.writeString(script, "#!/bin/sh\necho \"args=$# path=$PATH\" > " + marker + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        c.writeText(MC0 + "trigger", script + "\n");
        injectCorrected(c, 1);
        Await.until(() -> Files.exists(marker) && Files.size(marker) > 0, "the trigger program to write " + marker);
        assertTrue(Files.readString(marker).startsWith("args=0 path="), Files.readString(marker));
    }
}
