package form

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/interpreter"

	"github.com/assure-audit/assure/pkg/failure"
)

// conditionCostLimit bounds the work one condition may do when evaluated.
const conditionCostLimit = 10000

// condition is a compiled VisibleIf.
type condition struct {
	src  string
	prg  cel.Program
	deps []*question
}

// baseEnv is the CEL environment every form extends with its answers.
var baseEnv = sync.OnceValues(func() (*cel.Env, error) {
	return cel.NewEnv(
		cel.Variable("org_type", cel.StringType),
		cel.CrossTypeNumericComparisons(true),
		cel.ParserExpressionSizeLimit(MaxConditionLength),
		cel.ParserRecursionLimit(64),
		cel.ExpressionNestingDepthLimit(64),
		cel.ExpressionNodeLimit(500),
	)
})

// celType is the CEL type of an answer to q in conditions.
func celType(q *question) *cel.Type {
	switch q.typ {
	case TypeMultipleChoice:
		return cel.ListType(cel.StringType)
	case TypeNumber:
		if q.integer {
			return cel.IntType
		}
		return cel.DoubleType
	case TypeEvidence, TypeTable:
		return cel.IntType
	case TypeDeclaration:
		return cel.BoolType
	default:
		return cel.StringType
	}
}

// compileConditions type-checks every condition, links each question to
// the questions its condition reads, refuses cycles and orders the
// questions so that a condition is evaluated after those it reads.
func (c *Compiled) compileConditions(v *failure.Violations) error {
	some := false
	for _, q := range c.questions {
		some = some || q.cond != nil
	}
	if !some {
		c.order = c.questions
		return nil
	}
	base, err := baseEnv()
	if err != nil {
		return fmt.Errorf("form: condition environment: %w", err)
	}
	vars := make([]cel.EnvOption, 0, len(c.byKey))
	for _, q := range c.questions {
		if q.key != "" && c.byKey[q.key] == q {
			vars = append(vars, cel.Variable("answers."+q.key, celType(q)))
		}
	}
	env, err := base.Extend(vars...)
	if err != nil {
		return fmt.Errorf("form: condition environment: %w", err)
	}
	for _, q := range c.questions {
		if q.cond != nil {
			c.compileCondition(v, env, q)
		}
	}
	c.orderConditions(v)
	return nil
}

func (c *Compiled) compileCondition(v *failure.Violations, env *cel.Env, q *question) {
	p := q.path + ".visible_if"
	src := q.cond.src
	if len(src) > MaxConditionLength {
		v.Addf(p, "a condition is at most %d bytes; this one is %d", MaxConditionLength, len(src))
		return
	}
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		v.Add(p, c.describeIssues(src, iss))
		return
	}
	if !ast.OutputType().IsExactType(cel.BoolType) {
		v.Addf(p, "a condition must be true or false; this one gives a %s", ast.OutputType())
		return
	}
	seen := make(map[*question]bool)
	for _, r := range ast.NativeRep().ReferenceMap() {
		key, ok := strings.CutPrefix(r.Name, "answers.")
		if d := c.byKey[key]; ok && d != nil && !seen[d] {
			seen[d] = true
			q.cond.deps = append(q.cond.deps, d)
		}
	}
	sortByIndex(q.cond.deps)
	prg, err := env.Program(ast, cel.CostLimit(conditionCostLimit))
	if err != nil {
		v.Addf(p, "cannot be prepared: %v", err)
		q.cond.deps = nil
		return
	}
	q.cond.prg = prg
}

var answerRef = regexp.MustCompile(`answers\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)`)

// describeIssues turns CEL's errors into one reason a person can act on.
func (c *Compiled) describeIssues(src string, iss *cel.Issues) string {
	var msgs []string
	for _, e := range iss.Errors() {
		m := e.Message
		if strings.HasPrefix(m, "undeclared reference to 'answers'") {
			var missing []string
			for _, sm := range answerRef.FindAllStringSubmatch(src, -1) {
				if c.byKey[sm[1]] == nil {
					missing = append(missing, strconv.Quote(sm[1]))
				}
			}
			if len(missing) > 0 {
				msgs = append(msgs, "no question has key "+strings.Join(missing, ", "))
			} else {
				msgs = append(msgs, "refer to an answer as answers.<key>, e.g. answers.q1")
			}
		} else {
			if strings.Contains(m, "(double, int)") || strings.Contains(m, "(int, double)") {
				m += " (a decimal answer compares with a decimal: write 3.0, not 3)"
			}
			if len(m) > 200 {
				m = m[:200] + "…"
			}
			msgs = append(msgs, fmt.Sprintf("at column %d: %s", e.Location.Column()+1, m))
		}
		if len(msgs) == 3 {
			break
		}
	}
	if len(msgs) == 0 {
		return "not a valid condition"
	}
	return strings.Join(msgs, "; ")
}

// orderConditions refuses cycles and sets c.order so that every question
// comes after the questions its condition reads.
func (c *Compiled) orderConditions(v *failure.Violations) {
	const (
		white = iota
		grey
		black
	)
	colour := make([]int, len(c.questions))
	var stack []*question
	order := make([]*question, 0, len(c.questions))
	var visit func(q *question)
	visit = func(q *question) {
		colour[q.idx] = grey
		stack = append(stack, q)
		if q.cond != nil {
			for _, d := range q.cond.deps {
				switch colour[d.idx] {
				case white:
					visit(d)
				case grey:
					v.Addf(q.path+".visible_if", "conditions form a cycle: %s; a question cannot depend on itself", cyclePath(stack, d))
				}
			}
		}
		stack = stack[:len(stack)-1]
		colour[q.idx] = black
		order = append(order, q)
	}
	for _, q := range c.questions {
		if colour[q.idx] == white {
			visit(q)
		}
	}
	c.order = order
}

// cyclePath names the keys from d round to d again along stack.
func cyclePath(stack []*question, d *question) string {
	var keys []string
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] == d {
			for _, q := range stack[i:] {
				keys = append(keys, q.key)
			}
			break
		}
	}
	keys = append(keys, d.key)
	return strings.Join(keys, " → ")
}

func sortByIndex(qs []*question) {
	for i := 1; i < len(qs); i++ {
		for j := i; j > 0 && qs[j].idx < qs[j-1].idx; j-- {
			qs[j], qs[j-1] = qs[j-1], qs[j]
		}
	}
}

// activation gives a condition the answers of the questions shown so far.
type activation struct {
	c       *Compiled
	answers map[string]Answer
	shown   []bool
	orgType string
}

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	if name == "org_type" {
		return types.String(a.orgType), true
	}
	key, ok := strings.CutPrefix(name, "answers.")
	if !ok {
		return nil, false
	}
	q := a.c.byKey[key]
	if q == nil || !a.shown[q.idx] {
		return nil, false
	}
	ans, ok := a.answers[key]
	if !ok || !answered(q, &ans) {
		return nil, false
	}
	return celValue(q, &ans)
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// celValue converts an answer to its CEL value; false if it cannot.
func celValue(q *question, a *Answer) (ref.Val, bool) {
	switch q.typ {
	case TypeSingleChoice:
		return types.String(a.Choice), true
	case TypeMultipleChoice:
		return types.NewStringList(types.DefaultTypeAdapter, a.Choices), true
	case TypeRatingScale:
		return types.String(a.Grade), true
	case TypeYesNo:
		return types.String(a.YesNo), true
	case TypeShortText, TypeLongText:
		return types.String(a.Text), true
	case TypeDate:
		return types.String(a.Date), true
	case TypeNumber:
		if !decimalSyntax(a.Number) {
			return nil, false
		}
		if q.integer {
			n, err := strconv.ParseInt(strings.TrimPrefix(a.Number, "+"), 10, 64)
			if err != nil {
				r, ok := parseDecimal(a.Number)
				if !ok || !r.IsInt() || !r.Num().IsInt64() {
					return nil, false
				}
				n = r.Num().Int64()
			}
			return types.Int(n), true
		}
		f, err := strconv.ParseFloat(a.Number, 64)
		if err != nil {
			return nil, false
		}
		return types.Double(f), true
	case TypeEvidence:
		return types.Int(len(a.Evidence)), true
	case TypeTable:
		return types.Int(len(a.Rows)), true
	case TypeDeclaration:
		return types.Bool(a.Confirmed), true
	}
	return nil, false
}

// shown works out which questions are shown for answers and orgType, in
// the order conditions depend on each other. A question is shown when it
// and its section apply to orgType and its condition, if any, is true.
func (c *Compiled) shown(answers map[string]Answer, orgType string) []bool {
	shown := make([]bool, len(c.questions))
	act := &activation{c: c, answers: answers, shown: shown, orgType: orgType}
	for _, q := range c.order {
		if !c.applies(q, orgType) {
			continue
		}
		if q.cond == nil || q.cond.prg == nil {
			shown[q.idx] = true
			continue
		}
		out, _, err := q.cond.prg.Eval(act)
		shown[q.idx] = err == nil && out == types.True
	}
	return shown
}

// applies reports whether q and its section apply to orgType.
func (c *Compiled) applies(q *question, orgType string) bool {
	return appliesTo(c.sections[q.sec].appliesTo, orgType) && appliesTo(q.appliesTo, orgType)
}

func appliesTo(types []string, orgType string) bool {
	if len(types) == 0 {
		return true
	}
	for _, t := range types {
		if t == orgType {
			return true
		}
	}
	return false
}
