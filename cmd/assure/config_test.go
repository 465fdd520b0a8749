package main

import (
	"io"
	"testing"
)

func TestConfigFromFlagsAndEnvironment(t *testing.T) {
	env := map[string]string{"ASSURE_DATA_DIR": "/srv/assure", "ASSURE_TEMPLATE_ADDR": "template:9090", "ASSURE_NATS_REPLICAS": "3"}
	cfg, err := parseConfig([]string{"-target", "submission", "-http-addr", ":8081"}, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Target != "submission" || cfg.HTTPAddr != ":8081" || cfg.DataDir != "/srv/assure" || cfg.NATSReplicas != 3 || *cfg.Addrs[Template] != "template:9090" {
		t.Fatalf("got %+v", cfg)
	}
	if _, err := parseConfig([]string{"-no-such-flag"}, nil, io.Discard); err == nil {
		t.Fatal("unknown flag accepted")
	}
	if _, err := parseConfig(nil, func(k string) (string, bool) { return "many", k == "ASSURE_NATS_REPLICAS" }, io.Discard); err == nil {
		t.Fatal("bad environment value accepted")
	}
}

func TestResolveTargets(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"all", []string{Directory, Template, Submission, Reminder, Reporting, CaseAudit, Gateway}, false},
		{"template", []string{Template}, false},
		{"directory, gateway", []string{Directory, Gateway}, false},
		{"everything", nil, true},
	}
	for _, tt := range tests {
		got, err := resolveTargets(tt.in)
		if (err != nil) != tt.wantErr {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%q: got %v", tt.in, got)
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Fatalf("%q: missing %s in %v", tt.in, w, got)
			}
		}
	}
}
