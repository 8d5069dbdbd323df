"""A throwaway PostgreSQL 15 cluster for the console's browser test, as
tests/support/postgres_cluster.hpp makes one for the C++ tests: initdb in a
temporary folder, listening on a Unix socket in that folder only (no TCP),
trust authentication for the cluster's own user; run as root, the server
runs as the unprivileged `postgres` user. stop() stops it and removes the
folder. A missing PostgreSQL is an error, never a skip."""
import os
import shutil
import subprocess
import tempfile

BIN = "/usr/lib/postgresql/15/bin"


class PostgresCluster:
    def __init__(self):
        if not os.path.exists(os.path.join(BIN, "initdb")):
            raise RuntimeError(BIN + "/initdb is missing: run scripts/setup.sh (postgresql-15)")
        self.dir = tempfile.mkdtemp(prefix="doorstep-pg-")
        self.socket = os.path.join(self.dir, "socket")
        self.data = os.path.join(self.dir, "data")
        os.makedirs(self.socket)
        self.running = False
        if os.geteuid() == 0:
            os.chmod(self.dir, 0o755)
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.socket, "postgres")
        self._owner(["initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8",
                     "--locale=C"])
        self._owner(["pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "server.log"), "-w", "-t", "30", "-o",
                     f"-c listen_addresses='' -k {self.socket} -c fsync=off -c max_connections=100", "start"])
        self.running = True

    def _owner(self, argv):
        argv = [os.path.join(BIN, argv[0])] + argv[1:]
        if os.geteuid() == 0:
            argv = ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv
        r = subprocess.run(argv, capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"), timeout=120)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: {r.returncode} {r.stderr[-500:]}")
        return r.stdout

    def new_database(self, name):
        self._owner(["psql", "-X", "-q", "-h", self.socket, "-U", "postgres", "-d", "postgres", "-c",
                     f"CREATE DATABASE {name}"])
        return f"postgresql:///{name}?host={self.socket}&user=postgres"

    def stop(self):
        if self.running:
            try:
                self._owner(["pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])
            finally:
                self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
