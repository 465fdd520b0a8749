package mail

import (
	"errors"
	"fmt"
	htemplate "html/template"
	"io"
	"strings"
	"sync"
	ttemplate "text/template"
	"text/template/parse"
)

// Templates holds the editable parts of a kind of email: Subject and Text
// are text/template templates, HTML an html/template template (which
// escapes what it inserts). Besides the built-in functions they may call
// plural:
//
//	{{plural (len .Items) "return" "returns"}}
//
// Because templates are edited by people, rendering is bounded: each
// template at most MaxTemplateLen bytes, each rendering at most
// MaxRenderedLen bytes per template and a fixed amount of work (loop
// iterations, template calls, text built with print, printf and the
// escaping functions); a template that wants more fails with an error.
type Templates struct {
	Subject, Text, HTML string
}

// MaxTemplateLen is the longest template accepted, in bytes.
const MaxTemplateLen = 64 << 10

// MaxRenderedLen is the longest output of one template, in bytes.
const MaxRenderedLen = 1 << 20

// workLimit is the work one Render may do: one unit per loop iteration or
// template call, and one per 64 bytes of text built by a function.
const workLimit = 100_000

// maxFormatWidth is the widest width or precision printf may be given.
const maxFormatWidth = 999

// The functions instrument calls: tickFunc at every loop iteration,
// enterFunc at the start of every template and leaveFunc at its end, to
// count the work done and bound the depth of template calls.
const (
	tickFunc  = "_assure_mail_tick"
	enterFunc = "_assure_mail_enter"
	leaveFunc = "_assure_mail_leave"
)

// maxDepth bounds how deeply templates may call templates.
const maxDepth = 100

// errTooMuchWork ends a rendering that exceeds workLimit.
var errTooMuchWork = errors.New("rendering needs too much work (a loop or recursion too long?)")

// errTooLong ends a rendering whose output exceeds MaxRenderedLen.
var errTooLong = fmt.Errorf("rendering is longer than %d bytes", MaxRenderedLen)

// Check parses the three templates and returns an error naming the field
// ("subject", "text" or "html") of the first that is broken. Subject and
// Text must not be empty; HTML may be. It does not catch references to
// fields that the data lacks: CheckWith does.
func (t Templates) Check() error {
	p, err := t.parse(&budget{left: workLimit})
	if err != nil {
		return err
	}
	if p.html != nil {
		// html/template finds some errors (an action whose context is
		// ambiguous, say) only when it escapes the template, which it does
		// at the first Execute. Data-dependent failures are not its errors.
		err := catch("html", func() error { return p.html.Execute(io.Discard, nil) })
		var herr *htemplate.Error
		if errors.As(err, &herr) {
			return fmt.Errorf("mail: html template: %w", herr)
		}
	}
	return nil
}

// CheckWith checks the templates and then renders them with sample data
// (SampleReminderData for reminders), so that a reference to a field the
// data lacks is reported too, naming the field of the template.
func (t Templates) CheckWith(sample any) error {
	if err := t.Check(); err != nil {
		return err
	}
	_, _, _, err := t.Render(sample)
	return err
}

// Render executes the templates with data. A reference to a missing map
// key or struct field is an error. The subject comes back on one line
// with runs of white space made single spaces; html is empty when the HTML
// template is.
func (t Templates) Render(data any) (subject, text, html string, err error) {
	b := &budget{left: workLimit}
	p, err := t.parse(b)
	if err != nil {
		return "", "", "", err
	}
	run := func(field string, exec func(io.Writer) error) (string, error) {
		var out strings.Builder
		err := catch(field, func() error { return exec(&limitWriter{b: &out}) })
		if err != nil {
			return "", fmt.Errorf("mail: render %s template: %w", field, err)
		}
		return out.String(), nil
	}
	if subject, err = run("subject", func(w io.Writer) error { return p.subject.Execute(w, data) }); err != nil {
		return "", "", "", err
	}
	subject = strings.Join(strings.Fields(subject), " ")
	if subject == "" {
		return "", "", "", errors.New("mail: render subject template: the subject is empty")
	}
	if text, err = run("text", func(w io.Writer) error { return p.text.Execute(w, data) }); err != nil {
		return "", "", "", err
	}
	if p.html != nil {
		if html, err = run("html", func(w io.Writer) error { return p.html.Execute(w, data) }); err != nil {
			return "", "", "", err
		}
	}
	return subject, text, html, nil
}

// parsed holds the parsed templates; html is nil when Templates.HTML is
// empty.
type parsed struct {
	subject, text *ttemplate.Template
	html          *htemplate.Template
}

// parse parses the templates with functions that charge b.
func (t Templates) parse(b *budget) (parsed, error) {
	var p parsed
	for _, f := range []struct{ name, src string }{{"subject", t.Subject}, {"text", t.Text}, {"html", t.HTML}} {
		switch {
		case len(f.src) > MaxTemplateLen:
			return p, fmt.Errorf("mail: %s template: longer than %d bytes", f.name, MaxTemplateLen)
		case strings.TrimSpace(f.src) == "" && f.name != "html":
			return p, fmt.Errorf("mail: %s template: empty", f.name)
		}
	}
	funcs := b.funcs()
	err := catch("subject", func() (err error) {
		p.subject, err = ttemplate.New("subject").Option("missingkey=error").Funcs(funcs).Parse(t.Subject)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("mail: subject template: %w", err)
	}
	err = catch("text", func() (err error) {
		p.text, err = ttemplate.New("text").Option("missingkey=error").Funcs(funcs).Parse(t.Text)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("mail: text template: %w", err)
	}
	if t.HTML != "" {
		err = catch("html", func() (err error) {
			p.html, err = htemplate.New("html").Option("missingkey=error").Funcs(htemplate.FuncMap(funcs)).Parse(t.HTML)
			return err
		})
		if err != nil {
			return p, fmt.Errorf("mail: html template: %w", err)
		}
	}
	seen := map[*parse.Tree]bool{}
	for _, tt := range append(p.subject.Templates(), p.text.Templates()...) {
		instrument(tt.Tree, seen)
	}
	if p.html != nil {
		for _, ht := range p.html.Templates() {
			instrument(ht.Tree, seen)
		}
	}
	return p, nil
}

// catch runs f, turning a panic into an error: templates are user input,
// and a bug they trigger must not bring the service down.
func catch(field string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error in %s template: %v", field, r)
		}
	}()
	return f()
}

// instrument makes the template whose tree is tr count its work: it adds
// {{$_assure_mail_ := _assure_mail_enter}} at the start, the same with
// _assure_mail_leave at the end and with _assure_mail_tick at the start of
// every loop body. (An assignment prints nothing, and html/template leaves
// it unescaped.)
func instrument(tr *parse.Tree, seen map[*parse.Tree]bool) {
	if tr == nil || tr.Root == nil || seen[tr] {
		return
	}
	seen[tr] = true
	var walk func(l *parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
				if n.List != nil {
					n.List.Nodes = append([]parse.Node{call(tickFunc)}, n.List.Nodes...)
				}
			}
		}
	}
	walk(tr.Root)
	tr.Root.Nodes = append(append([]parse.Node{call(enterFunc)}, tr.Root.Nodes...), call(leaveFunc))
}

// calls holds, for each function instrument calls, the action calling it,
// parsed.
var calls = sync.OnceValue(func() map[string]parse.Node {
	out := map[string]parse.Node{}
	for _, fn := range []string{tickFunc, enterFunc, leaveFunc} {
		src := "{{$_assure_mail_ := " + fn + "}}"
		trees, err := parse.Parse("work", src, "{{", "}}", map[string]any{fn: true})
		if err != nil {
			panic("mail: parse " + src + ": " + err.Error()) // a constant that parses
		}
		out[fn] = trees["work"].Root.Nodes[0]
	}
	return out
})

// call returns a new action that calls fn.
func call(fn string) parse.Node { return calls()[fn].Copy() }

// budget is the work left to one Render, and the depth of template calls
// under way.
type budget struct{ left, depth int }

// spend charges n units.
func (b *budget) spend(n int) error {
	b.left -= n
	if b.left < 0 {
		return errTooMuchWork
	}
	return nil
}

// charge charges for building text of about n bytes, before it is built.
func (b *budget) charge(n int) error { return b.spend(1 + n/64) }

// funcs returns the functions templates may call, with the built-ins that
// build text replaced by ones that charge b first.
func (b *budget) funcs() ttemplate.FuncMap {
	return ttemplate.FuncMap{
		tickFunc: func() (string, error) { return "", b.spend(1) },
		enterFunc: func() (string, error) {
			if b.depth++; b.depth > maxDepth {
				return "", fmt.Errorf("templates call templates more than %d deep", maxDepth)
			}
			return "", b.spend(1)
		},
		leaveFunc: func() string {
			b.depth--
			return ""
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"print": func(args ...any) (string, error) {
			if err := b.charge(argsLen(args) + len(args)); err != nil {
				return "", err
			}
			return fmt.Sprint(args...), nil
		},
		"println": func(args ...any) (string, error) {
			if err := b.charge(argsLen(args) + len(args) + 1); err != nil {
				return "", err
			}
			return fmt.Sprintln(args...), nil
		},
		"printf": func(format string, args ...any) (string, error) {
			verbs, err := checkFormat(format)
			if err != nil {
				return "", err
			}
			longest := 0
			for _, a := range args {
				longest = max(longest, argLen(a))
			}
			// A verb may print any argument ("%[2]s"), padded; arguments
			// no verb takes are printed at the end ("%!(EXTRA ...)").
			if err := b.charge(len(format) + verbs*(maxFormatWidth+longest+16) + argsLen(args)); err != nil {
				return "", err
			}
			return fmt.Sprintf(format, args...), nil
		},
		// The escapers make text up to six times longer.
		"html": func(args ...any) (string, error) {
			if err := b.charge(6 * (argsLen(args) + len(args))); err != nil {
				return "", err
			}
			return ttemplate.HTMLEscaper(args...), nil
		},
		"js": func(args ...any) (string, error) {
			if err := b.charge(6 * (argsLen(args) + len(args))); err != nil {
				return "", err
			}
			return ttemplate.JSEscaper(args...), nil
		},
		"urlquery": func(args ...any) (string, error) {
			if err := b.charge(3 * (argsLen(args) + len(args))); err != nil {
				return "", err
			}
			return ttemplate.URLQueryEscaper(args...), nil
		},
	}
}

// argsLen returns the total of argLen over args.
func argsLen(args []any) int {
	n := 0
	for _, a := range args {
		n += argLen(a)
	}
	return n
}

// argLen returns about how long a prints, without copying a string.
func argLen(a any) int {
	switch a := a.(type) {
	case string:
		return len(a)
	case []byte:
		return len(a)
	case htemplate.HTML:
		return len(a)
	case nil:
		return 5
	default:
		return len(fmt.Sprint(a))
	}
}

// checkFormat returns how many verbs format has, or an error if it asks
// for a width or precision above maxFormatWidth or from an argument ('*').
func checkFormat(format string) (verbs int, err error) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		verbs++
	spec:
		for i++; i < len(format); i++ {
			switch c := format[i]; {
			case c == '*':
				return 0, errors.New("printf: '*' width or precision is not allowed")
			case c >= '0' && c <= '9':
				n := 0
				for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
					if n = n*10 + int(format[i]-'0'); n > maxFormatWidth {
						return 0, fmt.Errorf("printf: width or precision above %d", maxFormatWidth)
					}
				}
				i--
			case strings.IndexByte("+-# .[]", c) >= 0:
			default:
				break spec
			}
		}
	}
	return verbs, nil
}

// limitWriter writes to b until MaxRenderedLen bytes are written.
type limitWriter struct{ b *strings.Builder }

// Write appends p, or fails if that would pass MaxRenderedLen.
func (w *limitWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > MaxRenderedLen {
		return 0, errTooLong
	}
	return w.b.Write(p)
}
