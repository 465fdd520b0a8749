package app

// Caller is who makes a call, as the transport found from their token:
// enough for the rules that depend on the person and not only on the
// access table (sign-off, section assignments, lists of their returns).
type Caller interface {
	// Person is the caller's person id.
	Person() string
	// Leads reports whether the caller leads organisation org.
	Leads(org string) bool
	// RespondentOf lists the organisations where the caller is lead or
	// contributor.
	RespondentOf() []string
}
