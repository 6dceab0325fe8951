"""The local cluster's tooling, without starting the cluster: what deploy/cluster.py gives each
process (metrics per app server, a token for /metrics) and that deploy/haproxy.cfg is valid."""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from unittest import mock

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)


def load_cluster() -> ModuleType:
    """deploy/cluster.py (a script, not a package) as a module; importing starts nothing."""
    spec = importlib.util.spec_from_file_location("deploy_cluster", ROOT / "deploy" / "cluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


cluster = load_cluster()


class ClusterEnvironmentTestCase(SimpleTestCase):
    ports = cluster.Ports(8780)

    def kids(self) -> dict:
        env = cluster.app_env(self.ports, bench=False, token="t0ken")
        return {kid.name: kid for kid in cluster.children(self.ports, env)}

    def test_every_process_shares_the_metrics_token(self):
        settings_env = cluster.cluster_settings(self.ports, bench=False, token="t0ken")
        self.assertEqual(settings_env["METRICS_TOKEN"], "t0ken")
        for name in ("app1", "app2", "worker1", "worker2"):
            self.assertEqual(self.kids()[name].env["METRICS_TOKEN"], "t0ken", name)

    def test_a_new_token_at_each_start_unless_one_is_exported(self):
        with mock.patch.dict(os.environ, {"METRICS_TOKEN": ""}):
            first, second = cluster.metrics_token(), cluster.metrics_token()
        self.assertNotEqual(first, second)
        self.assertGreaterEqual(len(first), 32)
        with mock.patch.dict(os.environ, {"METRICS_TOKEN": "kept-in-prometheus.yml"}):
            self.assertEqual(cluster.metrics_token(), "kept-in-prometheus.yml")

    def test_each_app_server_counts_in_a_metrics_folder_of_its_own(self):
        kids = self.kids()
        folders = {name: kids[name].env["PROMETHEUS_MULTIPROC_DIR"] for name in ("app1", "app2")}
        self.assertEqual(folders["app1"], str(cluster.METRICS_DIR / "app1"))
        self.assertEqual(folders["app2"], str(cluster.METRICS_DIR / "app2"))
        self.assertEqual(kids["app1"].fresh_dir, cluster.METRICS_DIR / "app1")

    def test_no_other_caucus_process_gets_a_metrics_folder_not_even_the_shells(self):
        with mock.patch.dict(os.environ, {"PROMETHEUS_MULTIPROC_DIR": "/run/shells-own"}):
            kids = self.kids()
        for name in ("worker1", "worker2"):
            self.assertNotIn("PROMETHEUS_MULTIPROC_DIR", kids[name].env, name)

    def test_an_app_servers_metrics_folder_is_emptied_at_each_start(self):
        with tempfile.TemporaryDirectory() as cluster_dir:
            (Path(cluster_dir) / "logs").mkdir()
            folder = Path(cluster_dir) / "metrics" / "app1"
            folder.mkdir(parents=True)
            (folder / "counter_4242.db").write_bytes(b"a dead worker's counts")
            kid = cluster.Child("app1", ["true"], {"PATH": "/usr/bin:/bin"}, fresh_dir=folder)
            with mock.patch.object(cluster, "CLUSTER_DIR", Path(cluster_dir)):
                kid.start()
            kid.process.wait(10)
            self.assertTrue(folder.is_dir())
            self.assertEqual(list(folder.iterdir()), [])


HAPROXY = shutil.which("haproxy")


class HaproxyConfigTestCase(SimpleTestCase):
    def setUp(self):
        if HAPROXY is None:
            self.skipTest("haproxy is not installed (`make cluster-tools` installs Debian's)")

    def test_the_shipped_configuration_is_valid(self):
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **cluster.haproxy_env(cluster.Ports(8780)),
                "CAUCUS_HAPROXY_SOCKET": str(Path(folder) / "haproxy.sock"),
            }
            result = subprocess.run(  # noqa: S603 — Debian's haproxy on our own file
                [HAPROXY, "-c", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
            )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Configuration file is valid", result.stdout + result.stderr)
