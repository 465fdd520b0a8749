package main

import (
	"fmt"
	"sort"
	"strings"
)

// The modules of the binary and what each needs, in one place (after Loki
// and Mimir). A service needs a database, the event bus and a gRPC
// listener; the gateway needs connections to every service.
const (
	Directory  = "directory"
	Template   = "template"
	Submission = "submission"
	Reminder   = "reminder"
	Reporting  = "reporting"
	CaseAudit  = "caseaudit"
	Gateway    = "gateway"
	All        = "all"
)

// module describes one target.
type module struct {
	// service is true for the six services, false for the gateway.
	service bool
	// calls are the services this module asks over gRPC.
	calls []string
}

// Every service but the directory calls the directory to identify callers.
var modules = map[string]module{
	Directory:  {service: true},
	Template:   {service: true, calls: []string{Directory}},
	Submission: {service: true, calls: []string{Template, Directory}},
	Reminder:   {service: true, calls: []string{Directory}},
	Reporting:  {service: true, calls: []string{Directory}},
	CaseAudit:  {service: true, calls: []string{Directory}},
	Gateway:    {calls: []string{Directory, Template, Submission, Reminder, Reporting, CaseAudit}},
}

func serviceNames() []string {
	var out []string
	for name, m := range modules {
		if m.service {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func targetNames() []string {
	out := append([]string{All}, serviceNames()...)
	return append(out, Gateway)
}

// resolveTargets expands a -target value into the set of modules to run.
func resolveTargets(target string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, t := range strings.Split(target, ",") {
		t = strings.TrimSpace(t)
		switch t {
		case All:
			for name := range modules {
				out[name] = true
			}
		default:
			if _, ok := modules[t]; ok {
				out[t] = true
				continue
			}
			return nil, fmt.Errorf("unknown target %q: choose from %s", t, strings.Join(targetNames(), ", "))
		}
	}
	return out, nil
}
