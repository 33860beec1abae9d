"""python3 -m unittest discover -s bench/scripts -p 'test_*.py'"""
import importlib.util
import io
import json
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

spec = importlib.util.spec_from_file_location("server_summary", Path(__file__).with_name("server-summary.py"))
summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(summary)

LATENCY = {"count": 10, "p50": 1.0, "p90": 2.0, "p95": 3.0, "p99": 4.0, "p99_9": 5.0, "max": 6.0}


def figures(committed_per_second, **extra):
    return {"editsPerSecond": committed_per_second * 2, "committedPerSecond": committed_per_second,
            "ackMs": LATENCY, "endToEndMs": {"count": 0}, "converged": True, **extra}


class ServerSummaryTest(unittest.TestCase):
    def test_peer_ratioOfMedians_andDataFilesSortedByNumber(self):
        with tempfile.TemporaryDirectory() as directory:
            d = Path(directory)
            for i, value in enumerate([900, 1000, 5000], 1):
                (d / f"peer-weft-{i}.json").write_text(json.dumps(figures(value)))
            for i, value in enumerate([100, 400, 250], 1):  # ShareDB's file ends with its JSON line
                (d / f"peer-sharedb-{i}.json").write_text("npm noise\n" + json.dumps(figures(value)))
            for n in (64, 4, 16):
                (d / f"clients-{n}.json").write_text(json.dumps(figures(n * 10)))
            (d / "offered-1000.json").write_text(json.dumps(figures(1000)))
            (d / "unrelated.json").write_text("{not json")
            out = io.StringIO()
            with redirect_stdout(out):
                summary.main(directory)
            self.assertIn("Weft / ShareDB, ratio of the medians: 4.00x", out.getvalue())
            self.assertIn("| 1,000 | 2,000 | 1,000 | 1.0 | 2.0 | 3.0 | 4.0 | 6.0 | yes |", out.getvalue())
            self.assertEqual((d / "clients.dat").read_text().splitlines()[1:], ["4 40", "16 160", "64 640"])
            self.assertEqual((d / "offered.dat").read_text().splitlines()[1], "1000 1.0 2.0 4.0 5.0")

    def test_emptyLatency_printsDashes(self):
        self.assertEqual(summary.latency_cells({"count": 0}), "| - | - | - | - | - |")


if __name__ == "__main__":
    unittest.main()
