package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// form returns the published form named, from the copy or, failing that,
// from the template service (keeping what it answers).
func (a *App) form(ctx context.Context, field, name string) (domain.Form, error) {
	f, found, err := a.copies.Form(ctx, name)
	if err != nil {
		return f, fmt.Errorf("read form copy: %w", err)
	}
	if found {
		return f, nil
	}
	if a.templates == nil {
		return f, failure.Invalid(field, name+" is not a published template version")
	}
	f, err = a.templates.FetchForm(ctx, name)
	if failure.KindOf(err) == failure.KindNotFound {
		return f, failure.Invalid(field, name+" is not a published template version")
	}
	if err != nil {
		return f, err
	}
	if err := a.copies.PutForm(ctx, f); err != nil {
		return f, fmt.Errorf("keep form copy: %w", err)
	}
	return f, nil
}

// compiledForm returns the compiled form and index of the published
// version named, compiling its copy once and keeping the result.
func (a *App) compiledForm(ctx context.Context, field, name string) (*form.Compiled, *domain.FormIndex, error) {
	a.mu.Lock()
	c, ok := a.compiled[name]
	a.mu.Unlock()
	if ok {
		return c.form, c.index, nil
	}
	f, err := a.form(ctx, field, name)
	if err != nil {
		return nil, nil, err
	}
	compiled, err := form.Compile(f.Form)
	if err != nil {
		return nil, nil, fmt.Errorf("compile %s: %w", name, err)
	}
	c = compiledForm{form: compiled, index: domain.NewFormIndex(f.Form)}
	a.mu.Lock()
	a.compiled[name] = c
	a.mu.Unlock()
	return c.form, c.index, nil
}

// organisation returns an organisation from the copy or the directory.
func (a *App) organisation(ctx context.Context, field, id string) (domain.Organisation, error) {
	o, found, err := a.copies.Organisation(ctx, id)
	if err != nil {
		return o, fmt.Errorf("read organisation copy: %w", err)
	}
	if found {
		return o, nil
	}
	if a.directory == nil {
		return o, failure.Invalid(field, "organisations/"+id+" does not exist")
	}
	o, err = a.directory.FetchOrganisation(ctx, id)
	if failure.KindOf(err) == failure.KindNotFound {
		return o, failure.Invalid(field, "organisations/"+id+" does not exist")
	}
	if err != nil {
		return o, err
	}
	if err := a.copies.PutOrganisation(ctx, o); err != nil {
		return o, fmt.Errorf("keep organisation copy: %w", err)
	}
	return o, nil
}

// consortium returns a consortium from the copy or the directory.
func (a *App) consortium(ctx context.Context, field, name string) (domain.Consortium, error) {
	c, found, err := a.copies.Consortium(ctx, name)
	if err != nil {
		return c, fmt.Errorf("read consortium copy: %w", err)
	}
	if found {
		return c, nil
	}
	if a.directory == nil {
		return c, failure.Invalid(field, name+" does not exist")
	}
	c, err = a.directory.FetchConsortium(ctx, name)
	if failure.KindOf(err) == failure.KindNotFound {
		return c, failure.Invalid(field, name+" does not exist")
	}
	if err != nil {
		return c, err
	}
	if err := a.copies.PutConsortium(ctx, c); err != nil {
		return c, fmt.Errorf("keep consortium copy: %w", err)
	}
	return c, nil
}

// versionChain returns the published versions from target back to
// source, following the versions of target's template; found is false
// when source is not an earlier (or the same) version of it.
func (a *App) versionChain(ctx context.Context, target, source string) ([]domain.Form, bool, error) {
	f, err := a.form(ctx, "campaign.template_version", target)
	if err != nil {
		return nil, false, err
	}
	chain := []domain.Form{f}
	for f.Name != source {
		prev := f.Previous()
		if prev == "" {
			return nil, false, nil
		}
		if f, err = a.form(ctx, "campaign.source_campaign", prev); err != nil {
			return nil, false, err
		}
		chain = append(chain, f)
	}
	return chain, true, nil
}
