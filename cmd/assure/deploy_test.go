package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// manifest is the part of a Kubernetes object the checks read.
type manifest struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Spec struct {
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec struct {
				Containers []struct {
					Args           []string `yaml:"args"`
					ReadinessProbe struct {
						HTTPGet struct {
							Path string `yaml:"path"`
						} `yaml:"httpGet"`
					} `yaml:"readinessProbe"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// TestKubernetesManifests checks the deployment manifests against the
// binary they run: every Deployment's arguments are flags assure accepts
// and its target exists, its selector matches its pods, and every module
// has a Deployment.
func TestKubernetesManifests(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "deploy", "kubernetes", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	deployed := map[string]bool{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(fh)
		for {
			var m manifest
			err := dec.Decode(&m)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if m.Kind != "Deployment" {
				continue
			}
			for k, v := range m.Spec.Selector.MatchLabels {
				if m.Spec.Template.Metadata.Labels[k] != v {
					t.Errorf("%s: selector %s=%s does not match the pod labels", m.Metadata.Name, k, v)
				}
			}
			for _, c := range m.Spec.Template.Spec.Containers {
				cfg, err := parseConfig(c.Args, func(string) (string, bool) { return "", false }, io.Discard)
				if err != nil {
					t.Errorf("%s: arguments %v: %v", m.Metadata.Name, c.Args, err)
					continue
				}
				targets, err := resolveTargets(cfg.Target)
				if err != nil {
					t.Errorf("%s: %v", m.Metadata.Name, err)
				}
				for name := range targets {
					deployed[name] = true
					for _, called := range modules[name].calls {
						if *cfg.Addrs[called] == "" {
							t.Errorf("%s runs %s, which calls %s, but has no -%s-addr", m.Metadata.Name, name, called, called)
						}
					}
				}
				if p := c.ReadinessProbe.HTTPGet.Path; p != "/readyz" {
					t.Errorf("%s: readiness probe %q, want /readyz", m.Metadata.Name, p)
				}
			}
		}
		fh.Close()
	}
	for name := range modules {
		if !deployed[name] {
			t.Errorf("no Deployment runs %s", name)
		}
	}
	if t.Failed() {
		t.Log("manifests: " + strings.Join(files, ", "))
	}
}
