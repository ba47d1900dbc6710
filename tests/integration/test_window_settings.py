"""The window keeps its layout however Depot ends.

The real `depot` with its window (offscreen) in a home of its own: closing
is not the only way out — SIGTERM, Ctrl+C in the terminal, the session
ending all quit without closing the window — and each must leave the
layout in ~/.config/Depot/Depot.conf (not under "Unknown Organization",
where a QSettings without an organisation name writes). Depot-only.
"""

import configparser
import os
import signal
import tempfile
import time
import unittest

from depot_harness import DepotProcess


def read_settings(path):
    settings = configparser.ConfigParser(interpolation=None)
    settings.optionxform = str   # Qt's keys are case-sensitive
    settings.read(path)
    return settings


class WindowSettingsTest(unittest.TestCase):
    def run_window(self, home, stop_signal):
        depot = DepotProcess(headless=False, env={
            "HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local", "share"),
        })
        depot.start()
        time.sleep(0.5)   # the window is up and has laid itself out
        depot.process.send_signal(stop_signal)
        code = depot.process.wait(timeout=20)
        depot.process = None
        self.assertEqual(code, 0, depot.describe())
        return depot

    def settings_file(self, home):
        return os.path.join(home, ".config", "Depot", "Depot.conf")

    def test_sigterm_and_sigint_keep_the_layout(self):
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            with self.subTest(signal=stop_signal.name), tempfile.TemporaryDirectory() as home:
                depot = self.run_window(home, stop_signal)
                path = self.settings_file(home)
                self.assertTrue(os.path.isfile(path), f"no {path}; files: "
                                f"{[os.path.join(d, f) for d, _, fs in os.walk(home) for f in fs]}\n"
                                f"{depot.describe()}")
                settings = read_settings(path)
                self.assertIn("window", settings)
                for key in ("geometry", "state", "mainSplitter", "tab"):
                    self.assertIn(key, settings["window"], f"{key} missing from {dict(settings['window'])}")
                self.assertFalse(os.path.exists(os.path.join(home, ".config", "Unknown Organization")))

    def test_the_next_start_reads_what_the_last_one_kept(self):
        with tempfile.TemporaryDirectory() as home:
            self.run_window(home, signal.SIGTERM)
            path = self.settings_file(home)
            settings = read_settings(path)
            settings["window"]["chartWindow"] = "300"
            settings["General"] = {"theme": "dark"}
            with open(path, "w") as f:
                settings.write(f)
            self.run_window(home, signal.SIGTERM)
            again = read_settings(path)
            # Read at start and written back at quit: the values survived a run.
            self.assertEqual(again["window"]["chartWindow"], "300")
            self.assertEqual(again["General"]["theme"], "dark")


if __name__ == "__main__":
    unittest.main()
