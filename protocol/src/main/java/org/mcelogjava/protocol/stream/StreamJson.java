package org.mcelogjava.protocol.stream;

import org.mcelogjava.protocol.mce.Mce;

/**
 * The JSON lines of the record stream: one object per line, each with {@code "type"}. Members are
 * written in a fixed order; registers are hex strings (JSON numbers cannot hold 64 unsigned bits
 * in every reader); absent values are {@code null}.
 */
public final class StreamJson {

    private final JsonText json = new JsonText();

    /** {@code {"type":"record","schema":1,"seq":...}} */
    public String record(StreamRecord r) {
        Mce m = r.mce();
        json.reset();
        return json.begin()
                .string("type", "record")
                .number("schema", StreamRecord.SCHEMA)
                .number("seq", r.seq())
                .number("time", m.time())
                .number("cpu", r.cpu())
                .numberOrNull("socket", r.socket())
                .number("bank", m.bank())
                .string("bank_name", r.bankName())
                .string("cpu_type", r.cpuType())
                .string("class", r.errorClass())
                .bool("uncorrected", r.uncorrected())
                .string("severity", r.severity())
                .string("transaction", r.transaction())
                .string("level", r.level())
                .numberOrNull("channel", r.channel())
                .numberOrNull("dimm", r.dimm())
                .string("dimm_label", r.dimmLabel())
                .string("page", r.page() < 0 ? null : "0x" + Long.toHexString(r.page()))
                .strings("thresholds", r.thresholds())
                .strings("actions", r.actions())
                .hex("status", m.status())
                .hex("misc", m.misc())
                .hex("addr", m.addr())
                .hex("mcgstatus", m.mcgstatus())
                .hex("mcgcap", m.mcgcap())
                .hex("ip", m.ip())
                .number("cs", m.cs())
                .hex("tsc", m.tsc())
                .hex("cpuid", m.cpuid())
                .number("cpuvendor", m.cpuvendor())
                .number("apicid", m.apicid())
                .number("socketid", m.socketid())
                .hex("ppin", m.ppin())
                .hex("microcode", m.microcode())
                .hex("synd", m.synd())
                .hex("ipid", m.ipid())
                .string("text", r.text())
                .end();
    }

    /** {@code {"type":"hello","schema":1,"format":"json","replay":false}}: the first line after subscribing. */
    public String hello(boolean replay) {
        json.reset();
        return json.begin().string("type", "hello").number("schema", StreamRecord.SCHEMA)
                .string("format", "json").bool("replay", replay).end();
    }

    /** {@code {"type":"heartbeat","time":...,"seq":...}}: sent when no record was sent for a while. */
    public String heartbeat(long time, long lastSeq) {
        json.reset();
        return json.begin().string("type", "heartbeat").number("time", time).number("seq", lastSeq).end();
    }

    /** {@code {"type":"missed","count":...}}: this reader's queue overflowed and records were dropped for it. */
    public String missed(long count) {
        json.reset();
        return json.begin().string("type", "missed").number("count", count).end();
    }
}
