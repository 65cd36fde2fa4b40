"""Plots a --fxp-infer-frac-lengths report: fractional length and
quantization SQNR of every value whose format came from its data (weights
and statistics), as an SVG bar chart.

    python3 -m fxp.plot_report report.json -o report.svg
"""

import argparse
import json
import sys
from xml.sax.saxutils import escape

WIDTH, ROW, LABEL = 760, 22, 220


def frac_lengths(entry):
    """The lowest and highest fractional length of a report entry: its
    channels' for per-channel weights, else its format's (twice)."""
    channels = entry.get("channel_frac_lengths")
    if channels:
        return min(channels), max(channels)
    fl = int(entry["format"].split(",")[1].rstrip(">").strip())
    return fl, fl


def plot(entries):
    rows = [e for e in entries if e.get("source") in ("weights", "stats")]
    height = 60 + ROW * max(len(rows), 1)
    bar = (WIDTH - LABEL - 40) // 2
    sqnrs = [e["sqnr_db"] for e in rows if "sqnr_db" in e]
    sqnr_max = max(sqnrs + [1.0])
    fls = [frac_lengths(e) for e in rows]
    fl_max = max([abs(f) for pair in fls for f in pair] + [1])
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<text x="{LABEL}" y="20" font-weight="bold">fractional length</text>',
           f'<text x="{LABEL + bar + 20}" y="20" font-weight="bold">SQNR (dB)</text>']
    for i, (entry, (low, fl)) in enumerate(zip(rows, fls)):
        y = 40 + i * ROW
        name = f'{entry["value"]} {entry["producer"]} {entry["format"]}'
        out.append(f'<text x="{LABEL - 8}" y="{y + 14}" text-anchor="end">'
                   f'{escape(name)}</text>')
        fl_width = bar * abs(fl) / fl_max
        out.append(f'<rect x="{LABEL}" y="{y + 3}" width="{fl_width:.1f}" height="14" '
                   f'fill="#4a7ab7"/><text x="{LABEL + fl_width + 4:.1f}" y="{y + 14}">'
                   f'{fl if low == fl else f"{low}..{fl}"}</text>')
        x0 = LABEL + bar + 20
        if entry.get("exact"):
            out.append(f'<text x="{x0}" y="{y + 14}">exact</text>')
        elif "sqnr_db" in entry:
            sqnr = entry["sqnr_db"]
            w = bar * max(sqnr, 0) / sqnr_max
            out.append(f'<rect x="{x0}" y="{y + 3}" width="{w:.1f}" height="14" '
                       f'fill="#d08a3a"/><text x="{x0 + w + 4:.1f}" y="{y + 14}">'
                       f'{sqnr:.1f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", help="a JSON report (report=FILE.json)")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    try:
        with open(args.report) as f:
            entries = json.load(f)
    except (OSError, ValueError) as error:
        print(f"plot_report: cannot read '{args.report}': {error}", file=sys.stderr)
        return 1
    svg = plot(entries)
    if args.output == "-":
        sys.stdout.write(svg)
    else:
        with open(args.output, "w") as f:
            f.write(svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
