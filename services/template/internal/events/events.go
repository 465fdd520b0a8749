// Package events turns the template service's domain events into the
// protobuf messages it publishes.
package events

import (
	"fmt"

	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"github.com/assure-audit/assure/services/template/internal/protoconv"
	"google.golang.org/protobuf/proto"
)

// Service is the name under which the template service publishes.
const Service = "template"

// Encode returns the event name (such as "version.published") and message
// of ev.
func Encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.TemplateCreated:
		return "template.created", &templatev1.TemplateCreated{Template: protoconv.Template(e.Template)}, nil
	case domain.VersionPublished:
		return "version.published", &templatev1.TemplateVersionPublished{Version: protoconv.TemplateVersion(e.Version)}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown template event %T", ev)
	}
}
