package natsbus

import (
	"fmt"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// Embedded is a NATS server with JetStream running inside this process,
// storing its streams under a directory. It opens no network port: clients
// connect in-process.
type Embedded struct {
	srv *server.Server
}

// StartEmbedded starts a JetStream server storing data under dir.
func StartEmbedded(dir string) (*Embedded, error) {
	opts := &server.Options{
		ServerName: "assure-embedded",
		DontListen: true,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		// Sync writes to disk promptly: the outbox can re-send, but a
		// tighter window means less to re-send after a crash.
		SyncInterval: time.Second,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("natsbus: embedded server: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("natsbus: embedded server not ready")
	}
	return &Embedded{srv: srv}, nil
}

// ConnectOption makes a client connect to this server in-process.
func (e *Embedded) ConnectOption() nats.Option { return nats.InProcessServer(e.srv) }

// Shutdown stops the server and waits for it to finish.
func (e *Embedded) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
