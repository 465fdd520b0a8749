package grpcserver

import (
	"fmt"
	"strings"

	"buf.build/go/protovalidate"
)

// idPart is how the protos spell one id inside a resource name pattern.
const idPart = "[a-z0-9-]{1,63}"

// patterns say in words what the protos' common patterns accept.
var patterns = map[string]string{
	`^[a-z0-9-]{1,63}$`:                 "must be 1 to 63 lowercase letters, digits or hyphens",
	`^([a-z0-9-]{1,63})?$`:              "must be 1 to 63 lowercase letters, digits or hyphens, or left out",
	`^[a-z][a-z0-9_]{0,62}$`:            "must start with a lowercase letter and hold only lowercase letters, digits or underscores (63 at most)",
	`^([a-z][a-z0-9_]{0,62})?$`:         "must start with a lowercase letter and hold only lowercase letters, digits or underscores (63 at most)",
	`^[a-z][a-z_]{0,39}$`:               "must start with a lowercase letter and hold only lowercase letters or underscores (40 at most)",
	`^([a-z][a-z_]{0,39})?$`:            "must start with a lowercase letter and hold only lowercase letters or underscores (40 at most)",
	`^[a-z0-9_]{1,40}$`:                 "must be 1 to 40 lowercase letters, digits or underscores",
	`^[A-Z0-9][A-Z0-9-]{2,31}$`:         "must be 3 to 32 capital letters, digits or hyphens, not starting with a hyphen",
	`^([A-Z0-9][A-Z0-9-]{2,31})?$`:      "must be 3 to 32 capital letters, digits or hyphens, not starting with a hyphen",
	`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`: "must be 1 to 32 letters, digits, dots, underscores or hyphens, starting with a letter or digit",
	`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`:      "must be a date written as YYYY-MM-DD",
	`^([0-9]{4}-[0-9]{2}-[0-9]{2})?$`:   "must be a date written as YYYY-MM-DD, or left out",
	`^(#[0-9a-fA-F]{6})?$`:              "must be a colour written as #RRGGBB",
}

// describe says in plain words why a field's value was refused, for the
// people who read error summaries; a rule without words of its own keeps
// the validator's message without its leading "value".
func describe(v *protovalidate.Violation) string {
	rule := v.Proto.GetRuleId()
	if b, ok := bounds[rule]; ok {
		if n, ok := ruleInt(v); ok {
			if n == 1 && b.one != "" {
				return b.one
			}
			return fmt.Sprintf(b.format, n)
		}
	}
	switch rule {
	case "required":
		return "is required"
	case "repeated.unique":
		return "must not name the same item twice"
	case "enum.defined_only":
		return "is not one of the allowed values"
	case "string.pattern":
		if s, ok := v.RuleValue.Interface().(string); ok && v.RuleValue.IsValid() {
			if words, ok := patterns[s]; ok {
				return words
			}
			if example, ok := resourceExample(s); ok {
				return "must be a resource name written as " + example
			}
		}
	}
	return strings.TrimPrefix(v.Proto.GetMessage(), "value ")
}

// bounds word the length and count rules: format takes the bound, and
// one, if set, is said instead when the bound is 1.
var bounds = map[string]struct{ format, one string }{
	"string.min_len":     {"must be at least %d characters", "must not be empty"},
	"string.max_len":     {"must be at most %d characters", ""},
	"repeated.min_items": {"must hold at least %d items", "must hold at least one item"},
	"repeated.max_items": {"must hold at most %d items", ""},
}

// ruleInt returns the integer a rule was given, such as a length bound.
func ruleInt(v *protovalidate.Violation) (int64, bool) {
	if !v.RuleValue.IsValid() {
		return 0, false
	}
	switch x := v.RuleValue.Interface().(type) {
	case uint64:
		return int64(x), true
	case int64:
		return x, true
	case uint32:
		return int64(x), true
	case int32:
		return int64(x), true
	}
	return 0, false
}

// resourceExample turns a resource-name pattern into the form people
// write: ^partnerships/[a-z0-9-]{1,63}/campaigns/[a-z0-9-]{1,63}$ becomes
// partnerships/{id}/campaigns/{id}.
func resourceExample(pattern string) (string, bool) {
	if !strings.Contains(pattern, "/") || !strings.Contains(pattern, idPart) {
		return "", false
	}
	s := strings.TrimSuffix(strings.TrimPrefix(pattern, "^"), "$")
	optional := strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")?")
	if optional {
		s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")?")
	}
	s = strings.ReplaceAll(s, idPart, "{id}")
	s = strings.NewReplacer("[0-9]{1,9}", "{n}", "[1-9][0-9]{0,8}", "{n}").Replace(s)
	forms := []string{s}
	if rest, ok := strings.CutPrefix(s, "(partnerships|hubs)"); ok {
		forms = []string{"partnerships" + rest, "hubs" + rest}
	}
	for _, f := range forms {
		if strings.ContainsAny(f, "[]()|?^$") {
			return "", false
		}
	}
	out := strings.Join(forms, " or ")
	if optional {
		out += ", or left out"
	}
	return out, true
}
