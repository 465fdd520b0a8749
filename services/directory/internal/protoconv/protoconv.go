// Package protoconv converts between the directory's domain model and its
// protobuf messages; the API handlers and the event writer share it.
package protoconv

import (
	"strings"

	"github.com/assure-audit/assure/pkg/resource"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Partnership converts a partnership to its API message.
func Partnership(p domain.Partnership) *directoryv1.Partnership {
	return &directoryv1.Partnership{
		Name:        "partnerships/" + p.ID,
		DisplayName: p.DisplayName,
		CreateTime:  timestamppb.New(p.CreateTime),
		Etag:        resource.Etag(p.Version),
	}
}

// Organisation converts an organisation to its API message.
func Organisation(o domain.Organisation) *directoryv1.Organisation {
	parts := make([]string, len(o.Partnerships))
	for i, p := range o.Partnerships {
		parts[i] = "partnerships/" + p
	}
	return &directoryv1.Organisation{
		Name:         "organisations/" + o.ID,
		DisplayName:  o.DisplayName,
		Type:         directoryv1.OrganisationType(o.Type),
		Partnerships: parts,
		ExternalRef:  o.ExternalRef,
		CreateTime:   timestamppb.New(o.CreateTime),
		Etag:         resource.Etag(o.Version),
	}
}

// PartnershipIDs strips the collection from partnership names that the
// request validation has already checked.
func PartnershipIDs(names []string) []string {
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimPrefix(n, "partnerships/")
	}
	return ids
}
