"""Depot installed like a desktop app: its Debian package, built and unpacked.

CTest builds the package from the build tree with CPack (the same step as
`./scripts/depot package`), unpacks it into a fresh root and checks what a
user of the package gets:

- the control fields (name, version, dependencies on the Qt libraries and
  on the plugins Depot loads at run time);
- every file in its place: /usr/bin/depot, the desktop entry, the SVG and
  PNG icons in the hicolor theme, AppStream metadata, depot(1), bash
  completion, a systemd user unit;
- desktop-file-validate and appstreamcli validate accept the entry and the
  metadata as shipped;
- the unpacked binary prints its version and, started headless, carries a
  message from pika's publish to its get;
- the man page documents every option `depot --help` lists; the completion
  completes options and values; the unit starts `depot --headless`;
- as root, dpkg installs the package (so its dependencies exist under those
  names) and removes it again, when no depot package was installed before.

Needs dpkg-dev, help2man, desktop-file-utils and appstream (Debian), which
the project's test command installs.
"""

import gzip
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from depot_harness import DepotProcess, import_client, require_tool

APP_ID = "io.github.depotbroker.Depot"


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.build_dir = os.environ.get("DEPOT_BUILD_TREE", "")
        cls.cpack = os.environ.get("DEPOT_CPACK", "cpack")
        if not os.path.isfile(os.path.join(cls.build_dir, "CPackConfig.cmake")):
            raise AssertionError(f"DEPOT_BUILD_TREE must name a configured build tree with CPackConfig.cmake "
                                 f"(it is {cls.build_dir!r}); CTest sets it")
        for tool, package in (("dpkg-deb", "dpkg"), ("dpkg-shlibdeps", "dpkg-dev"),
                              ("desktop-file-validate", "desktop-file-utils"), ("appstreamcli", "appstream")):
            require_tool(tool, package)
        cls.work = tempfile.mkdtemp(prefix="depot-package-")
        out = os.path.join(cls.work, "out")
        built = run([cls.cpack, "-G", "DEB", "-B", out, "--config", os.path.join(cls.build_dir, "CPackConfig.cmake")])
        if built.returncode != 0:
            raise AssertionError(f"cpack failed:\n{built.stdout}\n{built.stderr}")
        debs = [f for f in os.listdir(out) if f.endswith(".deb")]
        if len(debs) != 1:
            raise AssertionError(f"expected one .deb in {out}, found {debs}")
        cls.deb = os.path.join(out, debs[0])
        cls.root = os.path.join(cls.work, "root")
        unpacked = run(["dpkg-deb", "-x", cls.deb, cls.root])
        if unpacked.returncode != 0:
            raise AssertionError(f"dpkg-deb -x failed: {unpacked.stderr}")
        cls.binary = os.path.join(cls.root, "usr/bin/depot")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def path(self, relative):
        return os.path.join(self.root, relative)

    def field(self, name):
        shown = run(["dpkg-deb", "-f", self.deb, name])
        self.assertEqual(shown.returncode, 0, shown.stderr)
        return shown.stdout.strip()

    def help_options(self):
        shown = run([self.binary, "--help"])
        self.assertEqual(shown.returncode, 0, shown.stderr)
        options = set(re.findall(r"--[a-z][a-z-]*", shown.stdout))
        self.assertIn("--headless", options)
        return options

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "depot")
        version = run([self.binary, "--version"]).stdout.strip()
        self.assertEqual(f"depot {self.field('Version')}", version)
        depends = self.field("Depends")
        for package in ("libqt6core6", "libqt6sql6-sqlite", "libqt6network6", "libqt6httpserver6"):
            self.assertIn(package, depends)

    def test_files_in_place(self):
        expected = [
            "usr/bin/depot",
            f"usr/share/applications/{APP_ID}.desktop",
            f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            f"usr/share/metainfo/{APP_ID}.metainfo.xml",
            "usr/share/man/man1/depot.1.gz",
            "usr/share/bash-completion/completions/depot",
            "usr/lib/systemd/user/depot.service",
        ]
        expected += [f"usr/share/icons/hicolor/{s}x{s}/apps/{APP_ID}.png" for s in (48, 64, 128, 256)]
        missing = [f for f in expected if not os.path.isfile(self.path(f))]
        self.assertEqual(missing, [], "files missing from the package")
        self.assertTrue(os.access(self.path("usr/bin/depot"), os.X_OK))
        with open(self.path(f"usr/share/icons/hicolor/48x48/apps/{APP_ID}.png"), "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")

    def test_desktop_entry_and_metainfo_validate(self):
        desktop = self.path(f"usr/share/applications/{APP_ID}.desktop")
        checked = run(["desktop-file-validate", desktop])
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        self.assertEqual(checked.stdout.strip(), "", "desktop-file-validate has remarks")
        with open(desktop) as f:
            entry = f.read()
        self.assertIn("Exec=depot\n", entry)
        self.assertIn(f"Icon={APP_ID}\n", entry)
        metainfo = self.path(f"usr/share/metainfo/{APP_ID}.metainfo.xml")
        checked = run(["appstreamcli", "validate", "--no-net", metainfo])
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
        with open(metainfo) as f:
            meta = f.read()
        self.assertNotIn("@", re.sub(r"<!--.*?-->", "", meta, flags=re.S), "an unconfigured @VARIABLE@ is left")
        self.assertIn(f"<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>", meta)
        self.assertRegex(meta, r'<release version="[0-9.]+" date="\d{4}-\d{2}-\d{2}"/>')
        self.assertGreaterEqual(meta.count("<screenshot"), 2)

    def test_unpacked_binary_runs_headless_and_carries_a_message(self):
        pika = import_client("pika", "python3-pika")
        data_dir = tempfile.mkdtemp(prefix="depot-package-data-")
        depot = DepotProcess(data_dir=data_dir)
        depot.binary = self.binary
        depot.start()
        try:
            connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", depot.amqp_port))
            channel = connection.channel()
            channel.queue_declare("packaged", durable=True)
            channel.basic_publish("", "packaged", b"from the package")
            _, _, body = channel.basic_get("packaged", auto_ack=True)
            connection.close()
            self.assertEqual(body, b"from the package")
        finally:
            self.assertEqual(depot.stop(), 0, depot.describe())
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_man_page_documents_every_option(self):
        with gzip.open(self.path("usr/share/man/man1/depot.1.gz"), "rt") as f:
            page = f.read()
        self.assertIn(".TH DEPOT \"1\"", page)
        text = page.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "")
        missing = sorted(o for o in self.help_options() if o not in text)
        self.assertEqual(missing, [], "options in --help but not in depot(1)")
        for section in ("ENVIRONMENT", "FILES", "EXIT STATUS"):
            self.assertIn(f'.SH "{section}"' if " " in section else f".SH {section}", page)

    def test_bash_completion(self):
        script = self.path("usr/share/bash-completion/completions/depot")
        probe = (f'source "{script}"; '
                 f'COMP_WORDS=("{self.binary}" --); COMP_CWORD=1; _depot; echo "${{COMPREPLY[*]}}"; '
                 f'COMP_WORDS=("{self.binary}" --durability ""); COMP_CWORD=2; _depot; echo "${{COMPREPLY[*]}}"; '
                 'complete -p depot')
        shown = run(["bash", "-c", probe])
        self.assertEqual(shown.returncode, 0, shown.stderr)
        options, durability, registered = shown.stdout.splitlines()
        self.assertEqual(set(options.split()), self.help_options())
        self.assertEqual(durability.split(), ["normal", "fsync"])
        self.assertIn("-F _depot depot", registered)

    def test_systemd_user_unit_starts_the_headless_broker(self):
        with open(self.path("usr/lib/systemd/user/depot.service")) as f:
            unit = f.read()
        self.assertIn("ExecStart=/usr/bin/depot --headless\n", unit)
        self.assertIn("WantedBy=default.target", unit)
        analyze = shutil.which("systemd-analyze")
        if analyze:
            checked = run([analyze, "verify", "--user", self.path("usr/lib/systemd/user/depot.service")])
            # verify resolves ExecStart on this machine, where /usr/bin/depot
            # may be absent: only complaints about the unit itself count.
            complaints = [line for line in checked.stderr.splitlines() if "/usr/bin/depot" not in line
                          and "Failed to" not in line and line.strip()]
            self.assertEqual(complaints, [], checked.stderr)

    @unittest.skipUnless(os.geteuid() == 0, "installing with dpkg needs root (CI runs as root)")
    def test_dpkg_installs_and_removes_it(self):
        before = run(["dpkg-query", "-W", "-f=${Status}", "depot"])
        if "installed" in before.stdout and "not-installed" not in before.stdout:
            self.skipTest("a depot package is installed on this machine; not replacing it")
        installed = run(["dpkg", "-i", self.deb])
        try:
            self.assertEqual(installed.returncode, 0, installed.stdout + installed.stderr)
            shown = run(["/usr/bin/depot", "--version"])
            self.assertEqual(shown.stdout.strip(), f"depot {self.field('Version')}")
        finally:
            run(["dpkg", "--purge", "depot"])
        self.assertFalse(os.path.exists("/usr/bin/depot"), "dpkg --purge left /usr/bin/depot")


if __name__ == "__main__":
    unittest.main()
