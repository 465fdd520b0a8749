package form

// LineageKind says how a question of a version continues the version
// before. Values match the template API.
type LineageKind int

// The lineage kinds.
const (
	LineageSame LineageKind = iota + 1
	LineageRenamed
	LineageSplit
	LineageMerged
	LineageNew
)

// Link is how one question continues the previous version: the keys of
// the previous version it continues.
type Link struct {
	Kind         LineageKind `json:"kind"`
	PreviousKeys []string    `json:"previous_keys,omitempty"`
}

// Version is a published version's form with its lineage to the version
// before it; a nil Lineage (a version published before lineage was
// recorded) keeps every key.
type Version struct {
	Form    Form
	Lineage map[string]Link
}

// Trace maps each question key of the first version of chain to the key
// of the same question in the last, following the lineage of every version
// to the one after it in the chain (newest first). Only questions that
// continue exactly one earlier question (the same, renamed, or one part of
// a split) are traced; new and merged questions are not, nor any whose
// type differs from the earlier question's. A chain of one version traces
// every question to itself.
func Trace(chain []Version) map[string]string {
	out := map[string]string{}
	if len(chain) == 0 {
		return out
	}
	first, last := questionTypes(chain[0].Form), questionTypes(chain[len(chain)-1].Form)
	for key, typ := range first {
		k, ok := key, true
		for i := 0; i < len(chain)-1 && ok; i++ {
			k, ok = back(chain[i].Lineage, k)
		}
		if t, found := last[k]; ok && found && t == typ {
			out[key] = k
		}
	}
	return out
}

// back follows one step of lineage from key to its key in the version
// before.
func back(lineage map[string]Link, key string) (string, bool) {
	if lineage == nil {
		return key, true
	}
	l, ok := lineage[key]
	if !ok {
		return "", false
	}
	switch l.Kind {
	case LineageSame, LineageRenamed, LineageSplit:
		if len(l.PreviousKeys) == 1 {
			return l.PreviousKeys[0], true
		}
		if l.Kind == LineageSame && len(l.PreviousKeys) == 0 {
			return key, true
		}
	}
	return "", false
}

func questionTypes(f Form) map[string]Type {
	out := map[string]Type{}
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			out[q.Key] = q.Type
		}
	}
	return out
}
