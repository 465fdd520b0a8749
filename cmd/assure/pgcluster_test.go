package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pgCluster is a scratch PostgreSQL cluster that belongs to one test, so
// the test may crash and restart it without disturbing the shared server
// other tests use. It listens on 127.0.0.1 on a port of its own, keeps its
// socket in its own directory, trusts every local connection and keeps
// PostgreSQL's durable defaults (fsync, synchronous_commit,
// full_page_writes on).
type pgCluster struct {
	bin    string // directory holding initdb, pg_ctl, postgres
	dir    string // the temporary directory: data/, the log, the socket
	data   string
	log    string
	port   int
	asUser []string // the command prefix running as the postgres user, when we are root
}

// startPGCluster initialises and starts a scratch cluster; it is stopped
// and removed when the test ends. Its binaries are looked for under
// /usr/lib/postgresql/*/bin (the newest version) and then on PATH.
// PostgreSQL refuses to run as root, so as root every PostgreSQL command
// runs as the postgres user (runuser -u postgres --).
func startPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	bin, err := postgresBinDir()
	if err != nil {
		t.Fatalf("scratch PostgreSQL cluster: %v (install postgresql: .ci/run does)", err)
	}
	c := &pgCluster{bin: bin}
	// Not t.TempDir: its parent is private to root, and as root the
	// postgres user must reach the cluster's directory.
	c.dir, err = os.MkdirTemp("", "assure-pg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(c.dir) })
	c.data, c.log = filepath.Join(c.dir, "data"), filepath.Join(c.dir, "postgres.log")
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("runuser"); err != nil {
			t.Fatalf("scratch PostgreSQL cluster: running as root needs runuser to become the postgres user: %v", err)
		}
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("scratch PostgreSQL cluster: running as root needs a postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(c.dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	if out, err := c.run(2*time.Minute, "initdb", "-D", c.data, "-U", "postgres", "--auth=trust",
		"--encoding=UTF8", "--locale=C"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	c.port = scratchPort(t)
	conf := fmt.Sprintf(`
# the durability test's scratch cluster
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = '%s'
max_connections = 200
fsync = on
synchronous_commit = on
full_page_writes = on
`, c.port, c.dir)
	f, err := os.OpenFile(filepath.Join(c.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(conf); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("--- last lines of the scratch PostgreSQL log ---\n%s", c.tail(40))
		}
		c.Stop()
	})
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	return c
}

// URL is the cluster's maintenance database, as the superuser.
func (c *pgCluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// Crash stops the cluster as a crash would: every PostgreSQL process quits
// at once, without a checkpoint, so the next start recovers from the WAL.
func (c *pgCluster) Crash(t *testing.T) {
	t.Helper()
	if out, err := c.run(time.Minute, "pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop"); err != nil {
		t.Fatalf("pg_ctl stop -m immediate: %v\n%s", err, out)
	}
}

// Start starts the cluster after Crash (or Stop) and waits until it
// accepts connections.
func (c *pgCluster) Start(t *testing.T) {
	t.Helper()
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
}

// Restart crashes the cluster and starts it again (crash recovery).
func (c *pgCluster) Restart(t *testing.T) {
	t.Helper()
	c.Crash(t)
	c.Start(t)
}

// Stop stops the cluster quickly and cleanly, if it runs.
func (c *pgCluster) Stop() {
	if _, err := os.Stat(filepath.Join(c.data, "postmaster.pid")); err != nil {
		return
	}
	if _, err := c.run(time.Minute, "pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop"); err != nil {
		_, _ = c.run(time.Minute, "pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
	}
}

func (c *pgCluster) start() error {
	if out, err := c.run(2*time.Minute, "pg_ctl", "-D", c.data, "-l", c.log, "-w", "-t", "120", "start"); err != nil {
		return fmt.Errorf("pg_ctl start: %v\n%s\n--- log ---\n%s", err, out, c.tail(30))
	}
	return nil
}

// run runs one of the cluster's programs, as the postgres user when we
// are root.
func (c *pgCluster) run(timeout time.Duration, program string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, c.asUser...), filepath.Join(c.bin, program)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = c.dir
	// pg_ctl leaves the postmaster running with the log file as its
	// output; never wait for it to close our pipes.
	cmd.WaitDelay = 5 * time.Second
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
		return out, err
	case <-time.After(timeout):
		if cmd.Process != nil {
			_ = cmd.Process.Kill()
		}
		<-done
		return out, fmt.Errorf("%s did not finish within %s", program, timeout)
	}
}

// tail returns the last n lines of the cluster's log.
func (c *pgCluster) tail(n int) string {
	b, _ := os.ReadFile(c.log)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// postgresBinDir finds the directory of initdb and pg_ctl.
func postgresBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	// Newest major version first (numerically: 9 < 10).
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if pgIsFile(filepath.Join(d, "initdb")) && pgIsFile(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		d := filepath.Dir(p)
		if pgIsFile(filepath.Join(d, "initdb")) {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb and pg_ctl under /usr/lib/postgresql/*/bin or on PATH")
}

func pgIsFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func scratchPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
