"""A PostgreSQL server of the tests' own: Debian's postgresql, initdb into a temporary folder as
an unprivileged user, a Unix socket there (and a port on 127.0.0.1 for the sslmode checks),
password authentication (scram-sha-256). Stopped and removed when the tests end.

Where the server cannot be started, `start` raises `Unavailable` with why: the tests fail and
say so, never pass without it.
"""
import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile

ADMIN = "slaudit_admin"


class Unavailable(Exception):
    pass


def _bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        found = [p for p in [shutil.which("initdb")] if p]
    if not found:
        raise Unavailable("PostgreSQL's server (initdb, pg_ctl) is not installed: install Debian's postgresql "
                          "(scripts/setup does)")
    return os.path.dirname(found[-1])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self):
        self.bindir = _bindir()
        self.tmp = tempfile.mkdtemp(prefix="slaudit-pg-")
        self.data = os.path.join(self.tmp, "server", "data")
        self.socket_dir = os.path.join(self.tmp, "server")
        self.port = _free_port()
        self.password = "admin-" + os.urandom(8).hex()
        # The server runs as an unprivileged user: this one, or (as root) postgres.
        self.as_user = None
        if os.geteuid() == 0:
            try:
                self.as_user = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("running as root, and no unprivileged 'postgres' user to run the server as "
                                  "(Debian's postgresql package creates it)")
        os.makedirs(self.socket_dir)
        os.chmod(self.tmp, 0o755)
        if self.as_user:
            os.chown(self.socket_dir, self.as_user.pw_uid, self.as_user.pw_gid)
        # The client's password file: root's own, 0600, as libpq wants it.
        self.passfile = os.path.join(self.tmp, "pgpass")
        self.set_password(ADMIN, self.password)

    def _run_as(self, args, **kw):
        if self.as_user:
            args = ["runuser", "-u", self.as_user.pw_name, "--", *args]
        return subprocess.run(args, capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd="/", **kw)

    def start(self):
        pwfile = os.path.join(self.socket_dir, "pw")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if self.as_user:
            os.chown(pwfile, self.as_user.pw_uid, self.as_user.pw_gid)
        p = self._run_as([os.path.join(self.bindir, "initdb"), "-D", self.data, "-U", ADMIN, "--pwfile", pwfile,
                          "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"])
        os.remove(pwfile)
        if p.returncode != 0:
            raise Unavailable("initdb failed: " + p.stderr.strip())
        options = (f"-k {self.socket_dir} -c listen_addresses=127.0.0.1 -p {self.port} -c fsync=off "
                   "-c max_connections=60")
        p = self._run_as([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-o", options, "-l",
                          os.path.join(self.socket_dir, "log"), "-w", "-t", "60", "start"])
        if p.returncode != 0:
            log = ""
            try:
                with open(os.path.join(self.socket_dir, "log")) as f:
                    log = f.read()[-2000:]
            except OSError:
                pass
            raise Unavailable("the server did not start: " + p.stderr.strip() + "\n" + log)
        atexit.register(self.stop)  # also when the tests end without their tear-down
        self.running = True
        return self

    def stop(self):
        if not getattr(self, "running", False):
            return
        self.running = False
        self._run_as([os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.tmp, ignore_errors=True)

    def set_password(self, user, password):
        """Puts a line for `user` into the password file the tests' clients read (PGPASSFILE)."""
        lines = []
        if os.path.exists(self.passfile):
            with open(self.passfile) as f:
                lines = [l for l in f if l.split(":")[3] != user]
        lines.append(f"*:*:*:{user}:{password}\n")
        with open(self.passfile, "w") as f:
            f.writelines(lines)
        os.chmod(self.passfile, 0o600)

    def env(self, user=ADMIN, **more):
        """The environment a client of this server runs with: socket, user, password file."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(PGHOST=self.socket_dir, PGPORT=str(self.port), PGUSER=user, PGPASSFILE=self.passfile)
        env.update(more)
        return env

    def psql(self, sql, db="postgres", user=ADMIN, check=True):
        p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                           capture_output=True, text=True, env=self.env(user), stdin=subprocess.DEVNULL)
        if check and p.returncode != 0:
            raise AssertionError(f"psql {sql!r}: {p.stderr}")
        return p.stdout.strip() if check else p

    def psql_file(self, path, db):
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", path], capture_output=True,
                           text=True, env=self.env(), stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise AssertionError(f"psql -f {path}: {p.stderr}")

    def create_database(self, name, owner=ADMIN):
        self.psql(f'CREATE DATABASE "{name}" OWNER "{owner}" ENCODING \'UTF8\' TEMPLATE template0')
        return f"postgresql:///{name}"
