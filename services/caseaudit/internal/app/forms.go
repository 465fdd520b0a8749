package app

import (
	"context"
	"sync"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// forms keeps the compiled forms of published template versions, which
// never change once published, so each is compiled once per process.
type forms struct {
	mu       sync.Mutex
	compiled map[string]*form.Compiled
}

// form returns the compiled form of the template version named, or
// Unavailable while its publication has not reached the service.
func (a *App) form(ctx context.Context, name string) (*form.Compiled, error) {
	a.forms.mu.Lock()
	c, ok := a.forms.compiled[name]
	a.forms.mu.Unlock()
	if ok {
		return c, nil
	}
	c, found, err := a.repo.Form(ctx, name)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, failure.Unavailable(nil, "the template version %q has not reached the case-audit service yet; try again", name)
	}
	a.forms.mu.Lock()
	a.forms.compiled[name] = c
	a.forms.mu.Unlock()
	return c, nil
}
