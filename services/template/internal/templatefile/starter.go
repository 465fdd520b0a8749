package templatefile

import (
	"embed"
	"fmt"
	"slices"
)

// starterFiles holds the starter library, one YAML template per file.
//
//go:embed starter/*.yaml
var starterFiles embed.FS

// The names of the starter templates.
const (
	StarterSection11  = "section11"
	StarterSection175 = "section175"
	StarterCaseAudit  = "case_audit"
)

// starterNames lists the starter templates in the order they are offered.
var starterNames = []string{StarterSection11, StarterSection175, StarterCaseAudit}

// StarterNames returns the names of the starter templates, in the order
// they are offered.
func StarterNames() []string { return slices.Clone(starterNames) }

// StarterByName returns the starter template called name (one of
// StarterNames), read afresh so that the caller may change it.
func StarterByName(name string) (Document, error) {
	if !slices.Contains(starterNames, name) {
		return Document{}, fmt.Errorf("no starter template is called %q", name)
	}
	b, err := starterFiles.ReadFile("starter/" + name + ".yaml")
	if err != nil {
		return Document{}, fmt.Errorf("read starter template %s: %w", name, err)
	}
	d, err := ParseYAML(b)
	if err != nil {
		return Document{}, fmt.Errorf("starter template %s: %w", name, err)
	}
	return d, nil
}

// Starter returns the starter library: a Section 11 self-assessment, a
// Section 175/157 audit for education settings and a multi-agency case
// audit, each ready to install into a partnership and adapt. It panics if
// an embedded template is broken, which the package's tests rule out.
func Starter() []Document {
	out := make([]Document, 0, len(starterNames))
	for _, name := range starterNames {
		d, err := StarterByName(name)
		if err != nil {
			panic(err)
		}
		out = append(out, d)
	}
	return out
}
