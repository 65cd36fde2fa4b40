"""The benchmark tables: one row per case, one group of columns per
contender; the first contender is the anchor, every other one shows its speed
relative to it (anchor time / its time: above 1 is faster)."""

LABEL = 26
CELL = {"onednn": "oneDNN", "fast": "fxp fast", "reference": "fxp reference",
        "upstream": "upstream MLIR", "float": "float", "fxp:ref": "fxp reference",
        "fxp:fast": "fxp fast"}


class Table:
    def __init__(self, columns, peak=None, unit="GOPS"):
        """`unit` GOPS: rows give an op count and show GOPS (and % of `peak`
        when known); `unit` us: rows give a count of items (images) and show
        microseconds per item."""
        self.columns, self.peak, self.unit = columns, peak, unit
        self.width = 21 if peak else 16

    def header(self):
        names = "".join(f"{CELL.get(c, c):>{self.width}}" for c in self.columns)
        units = [f"{self.unit:>7}" + ("  %peak" if self.peak else "")]
        units += [f"{self.unit:>7}{'x':>7}" + ("  %peak" if self.peak else "")] * (
            len(self.columns) - 1)
        print(f"{'case':<{LABEL}}{names}  check")
        print(" " * LABEL + "".join(f"{u:>{self.width}}" for u in units))

    def row(self, label, amount, results, missing, note=""):
        """Prints a row from the harness results; `missing` maps columns not
        run to why (n/a, skip). Returns whether a check failed."""
        anchor = results.get(self.columns[0])
        cells, failures = [], []
        for column in self.columns:
            result = results.get(column)
            if result is None:
                cells.append(f"{missing.get(column, 'n/a'):>{self.width}}")
                continue
            seconds = float(result["seconds"])
            if self.unit == "GOPS":
                text = f"{amount / seconds / 1e9:7.1f}"
            else:
                text = f"{seconds / amount * 1e6:7.2f}"
            if column != self.columns[0]:
                ratio = float(anchor["seconds"]) / seconds if anchor else None
                text += f"{_ratio(ratio):>7}"
            if self.peak and self.unit == "GOPS":
                text += f"{100 * amount / seconds / 1e9 / self.peak:6.1f}%"
            cells.append(f"{text:>{self.width}}")
            if result["check"] not in ("ok", "-"):
                failures.append(f"{CELL.get(column, column)}: {result['check']}")
        checked = any(r["check"] == "ok" for r in results.values())
        check = "; ".join(failures) if failures else "ok" if checked else "-"
        print(f"{label:<{LABEL}}{''.join(cells)}  {check}"
              + (f"  ({note})" if note else ""), flush=True)
        return bool(failures)


def _ratio(ratio):
    """Two decimals, more below 1 (the reference lowering runs at 0.000x)."""
    if ratio is None:
        return "-"
    return f"{ratio:.{2 + (ratio < 1) + (ratio < 0.01)}f}"
