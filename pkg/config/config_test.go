package config

import (
	"flag"
	"testing"
)

func TestFlagBeatsEnvBeatsDefault(t *testing.T) {
	env := map[string]string{"ASSURE_HTTP_ADDR": "127.0.0.1:9000", "ASSURE_DATA_DIR": "/env"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	addr := fs.String("http-addr", "localhost:8080", "")
	dir := fs.String("data-dir", "./data", "")
	target := fs.String("target", "all", "")
	if err := Parse(fs, "ASSURE", []string{"-data-dir", "/flag"}, lookup); err != nil {
		t.Fatal(err)
	}
	if *addr != "127.0.0.1:9000" || *dir != "/flag" || *target != "all" {
		t.Fatalf("got addr=%q dir=%q target=%q", *addr, *dir, *target)
	}
}

func TestBadEnvValueIsAnError(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.Int("port", 1, "")
	err := Parse(fs, "ASSURE", nil, func(k string) (string, bool) { return "x", k == "ASSURE_PORT" })
	if err == nil {
		t.Fatal("want error for non-numeric ASSURE_PORT")
	}
}
