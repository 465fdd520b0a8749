package form

// Visible reports, for every question key, whether the question is shown to
// an organisation of type orgType given answers: it and its section apply
// to orgType and its condition, if any, holds.
func (c *Compiled) Visible(answers map[string]Answer, orgType string) map[string]bool {
	shown := c.shown(answers, orgType)
	out := make(map[string]bool, len(c.questions))
	for _, q := range c.questions {
		out[q.key] = shown[q.idx]
	}
	return out
}

// Count is how far a return has got over a set of questions. Only shown
// questions count; declarations count as required.
type Count struct {
	// Shown is the number of questions shown.
	Shown int `json:"shown"`
	// Answered is the number of shown questions answered.
	Answered int `json:"answered"`
	// Required is the number of shown questions that must be answered.
	Required int `json:"required"`
	// RequiredAnswered is the number of those that are answered.
	RequiredAnswered int `json:"required_answered"`
}

// SectionProgress is the progress of one section.
type SectionProgress struct {
	Code  string `json:"code"`
	Count Count  `json:"count"`
}

// Progress is the progress of a return, per section in form order and
// overall.
type Progress struct {
	Sections []SectionProgress `json:"sections"`
	Overall  Count             `json:"overall"`
	// Hidden are the keys of the questions not shown, in form order.
	Hidden []string `json:"hidden,omitempty"`
}

// Progress counts the shown, answered and required questions of a return
// for an organisation of type orgType, per section and overall, and lists
// the questions not shown.
func (c *Compiled) Progress(answers map[string]Answer, orgType string) Progress {
	shown := c.shown(answers, orgType)
	out := Progress{Sections: make([]SectionProgress, len(c.sections))}
	for i, s := range c.sections {
		sp := &out.Sections[i]
		sp.Code = s.code
		for _, q := range s.questions {
			if !shown[q.idx] {
				out.Hidden = append(out.Hidden, q.key)
				continue
			}
			a, ok := answers[q.key]
			done := ok && answered(q, &a)
			sp.Count.Shown++
			if done {
				sp.Count.Answered++
			}
			if q.required || q.typ == TypeDeclaration {
				sp.Count.Required++
				if done {
					sp.Count.RequiredAnswered++
				}
			}
		}
		out.Overall.Shown += sp.Count.Shown
		out.Overall.Answered += sp.Count.Answered
		out.Overall.Required += sp.Count.Required
		out.Overall.RequiredAnswered += sp.Count.RequiredAnswered
	}
	return out
}
