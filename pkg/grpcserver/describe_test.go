package grpcserver

import (
	"strings"
	"testing"

	"buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

func TestDescribe(t *testing.T) {
	viol := func(rule, msg string, value protoreflect.Value) *protovalidate.Violation {
		return &protovalidate.Violation{Proto: &validate.Violation{RuleId: proto.String(rule), Message: proto.String(msg)}, RuleValue: value}
	}
	for _, c := range []struct {
		v    *protovalidate.Violation
		want string
	}{
		{viol("required", "value is required", protoreflect.Value{}), "is required"},
		{viol("string.min_len", "value length must be at least 1 characters", protoreflect.ValueOfUint64(1)), "must not be empty"},
		{viol("string.min_len", "value length must be at least 3 characters", protoreflect.ValueOfUint64(3)), "must be at least 3 characters"},
		{viol("string.max_len", "value length must be at most 200 characters", protoreflect.ValueOfUint64(200)), "must be at most 200 characters"},
		{viol("repeated.min_items", "value must contain at least 1 item(s)", protoreflect.ValueOfUint64(1)), "must hold at least one item"},
		{viol("repeated.max_items", "value must contain no more than 20 item(s)", protoreflect.ValueOfUint64(20)), "must hold at most 20 items"},
		{viol("string.pattern", `value does not match regex pattern "^([a-z0-9-]{1,63})?$"`, protoreflect.ValueOfString(`^([a-z0-9-]{1,63})?$`)),
			"must be 1 to 63 lowercase letters, digits or hyphens, or left out"},
		{viol("string.pattern", "x", protoreflect.ValueOfString(`^partnerships/[a-z0-9-]{1,63}/campaigns/[a-z0-9-]{1,63}$`)),
			"must be a resource name written as partnerships/{id}/campaigns/{id}"},
		{viol("string.pattern", "x", protoreflect.ValueOfString(`^(partnerships|hubs)/[a-z0-9-]{1,63}/templates/[a-z0-9-]{1,63}/versions/[0-9]{1,9}$`)),
			"must be a resource name written as partnerships/{id}/templates/{id}/versions/{n} or hubs/{id}/templates/{id}/versions/{n}"},
		{viol("string.pattern", "x", protoreflect.ValueOfString(`^(organisations/[a-z0-9-]{1,63})?$`)),
			"must be a resource name written as organisations/{id}, or left out"},
		// A pattern without words of its own keeps the validator's message.
		{viol("string.pattern", `value does not match regex pattern "^(partnerships|hubs)/[a-z0-9-]{1,63}/templates/[a-z0-9-]{1,63}(/versions/[0-9]{1,9})?$"`,
			protoreflect.ValueOfString(`^(partnerships|hubs)/[a-z0-9-]{1,63}/templates/[a-z0-9-]{1,63}(/versions/[0-9]{1,9})?$`)),
			`does not match regex pattern "^(partnerships|hubs)/[a-z0-9-]{1,63}/templates/[a-z0-9-]{1,63}(/versions/[0-9]{1,9})?$"`},
		{viol("int32.gte", "value must be greater than or equal to 0", protoreflect.ValueOfInt32(0)), "must be greater than or equal to 0"},
	} {
		if got := describe(c.v); got != c.want {
			t.Errorf("describe(%s) = %q, want %q", c.v.Proto.GetRuleId(), got, c.want)
		}
	}
}

// FuzzResourceExample: any pattern gives words or none, never a panic,
// and words never keep regular-expression syntax.
func FuzzResourceExample(f *testing.F) {
	f.Add(`^partnerships/[a-z0-9-]{1,63}$`)
	f.Add(`^(partnerships|hubs)/[a-z0-9-]{1,63}/templates/[a-z0-9-]{1,63}$`)
	f.Add(`^((x`)
	f.Fuzz(func(t *testing.T, pattern string) {
		s, ok := resourceExample(pattern)
		if ok && (s == "" || strings.ContainsAny(s, "[]()|?^$")) {
			t.Fatalf("resourceExample(%q) = %q", pattern, s)
		}
	})
}
