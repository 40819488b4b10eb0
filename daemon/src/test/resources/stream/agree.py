"""Checks that each JSON stream record agrees with the log text of the same record.

usage: agree.py STREAM.jsonl LOG
Prints one line per disagreement; exit status 1 when there is any. A record's log text is its
own text plus the lines the daemon logged just before it (threshold messages, their locations,
actions), which is where mcelog writes a record's accounting; the "Running trigger" lines inside
its text are the decode-time triggers, the last of its actions; the daemon's own "mcelog: " remarks
(e.g. a buffer overflow warning) belong to no record.
"""
import json
import re
import sys

STATES = {"UCNA", "AR", "SRAO", "SRAR"}


def main(stream_path, log_path):
    records = [json.loads(line) for line in open(stream_path, encoding="utf-8")]
    log = open(log_path, encoding="latin-1").read()
    bad = []
    at = 0
    for r in records:
        def fail(what):
            bad.append("seq %d: %s" % (r["seq"], what))
        text = r["text"]
        i = log.find(text, at)
        if i < 0:
            fail("text not in the log after the previous record")
            continue
        before = log[at:i].splitlines()
        at = i + len(text)
        lines = text.splitlines()
        # the decode-time triggers run inside the text (after mcelog's unterminated "Cannot find
        # sysfs cache" line, when there is one): the last of its actions, in text order
        in_text = [l[l.index("Running trigger "):] for l in lines if "Running trigger " in l]
        actions = r["actions"]
        if in_text and actions[len(actions) - len(in_text):] != in_text:
            fail("text runs triggers %r, stream's actions end with %r" % (in_text, actions[len(actions) - len(in_text):]))
        before_actions = actions[:len(actions) - len(in_text)]
        # what was logged before the record: its thresholds and actions, in order, and locations
        rest = [l for l in before if not l.startswith("Location ") and not l.startswith("mcelog: ")]
        if rest != r["thresholds"] + before_actions and sorted(rest) != sorted(r["thresholds"] + before_actions):
            fail("logged before it %r, stream says thresholds %r actions %r" % (rest, r["thresholds"], r["actions"]))
        mca = next((l for l in lines if l.startswith("MCA: ")), "")
        words = mca.split()
        # transaction
        logged_tx = next((l[len("Transaction: "):] for l in lines if l.startswith("Transaction: ")), None)
        if logged_tx is not None and r["transaction"] != logged_tx:
            fail("transaction %r, log says %r" % (r["transaction"], logged_tx))
        if r["transaction"] is not None and logged_tx is None and r["transaction"] not in words:
            fail("transaction %r not in %r" % (r["transaction"], mca))
        # level
        logged_level = next((w for w in words if re.fullmatch(r"Level-\d", w)), None)
        if r["level"] != logged_level:
            fail("level %r, log says %r" % (r["level"], logged_level))
        # channel and DIMM: the decoder's words, and the accounting's location
        for pattern, member in ((r"Memory channel ID of error: (\d+)", "channel"),
                                (r"Memory DIMM ID of error: (\d+)", "dimm")):
            m = next((re.fullmatch(pattern, l) for l in lines if re.fullmatch(pattern, l)), None)
            if m and r[member] != int(m.group(1)):
                fail("%s %r, log says %s" % (member, r[member], m.group(1)))
        for l in before:
            m = re.match(r"Location SOCKET:(\d+) CHANNEL:(\S+) DIMM:(\S+)", l)
            if m and m.group(2) != "?":
                if r["channel"] != int(m.group(2)) or (m.group(3) != "?" and r["dimm"] != int(m.group(3))):
                    fail("channel %r dimm %r, log says %s" % (r["channel"], r["dimm"], l))
            if m and r["socket"] is not None and r["socket"] != int(m.group(1)):
                fail("socket %r, log says %s" % (r["socket"], l))
        memory = "MEMORY CONTROLLER" in mca
        if not memory and (r["channel"] is not None or r["dimm"] is not None or r["dimm_label"] is not None):
            fail("channel/dimm/dimm_label on a record the log does not call a memory error")
        # severity
        if "Processor context corrupt" in lines:
            logged_sev = "PCC"
        else:
            logged_sev = next((l for l in lines if l in STATES), None)
        if r["severity"] != logged_sev:
            fail("severity %r, log says %r" % (r["severity"], logged_sev))
        # corrected or not
        if r["uncorrected"] != ("Uncorrected error" in lines):
            fail("uncorrected %r disagrees with the MCi status lines" % r["uncorrected"])
        if (r["class"] == "corrected") == ("Uncorrected error" in lines):
            fail("class %r disagrees with the MCi status lines" % r["class"])
        # page
        addr = re.search(r"ADDR ([0-9a-f]+) ", text)
        expected_page = "0x%x" % (int(addr.group(1), 16) & ~0xfff) if memory and addr else None
        if r["page"] != expected_page:
            fail("page %r, log says %r" % (r["page"], expected_page))
        # socket, CPU, bank
        sid = re.search(r"SOCKETID ([0-9a-f]+) ", text)
        if r["socket"] != (int(sid.group(1), 16) if sid else None):
            fail("socket %r, log says %r" % (r["socket"], sid and sid.group(1)))
        head = re.search(r"CPU (\d+) (.*?) (?:TSC |\n)", text)
        if not head or int(head.group(1)) != r["cpu"] or head.group(2) != r["bank_name"]:
            fail("cpu %r bank %r, log says %r" % (r["cpu"], r["bank_name"], head and head.group(0)))
    if at != len(log) and log[at:].strip():
        bad.append("log text after the last record: %r" % log[at:][:200])
    for b in bad:
        print(b)
    print("checked %d records" % len(records), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
