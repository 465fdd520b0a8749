package app

import (
	"context"
	"strconv"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// Trends follows the same questions from an earlier campaign of the same
// partnership and template to a later one through the template lineage.
func (a *App) Trends(ctx context.Context, campaign, previous string, f domain.Filter) (domain.TrendReport, error) {
	if owner(campaign) != owner(previous) {
		return domain.TrendReport{}, failure.Invalid("previous_campaign", "must be a campaign of the same partnership")
	}
	now, err := a.dataset(ctx, campaign, f)
	if err != nil {
		return domain.TrendReport{}, err
	}
	then, err := a.dataset(ctx, previous, f)
	if failure.KindOf(err) == failure.KindNotFound {
		return domain.TrendReport{}, failure.Invalid("previous_campaign", previous+" does not exist")
	}
	if err != nil {
		return domain.TrendReport{}, err
	}
	chain, err := a.chain(ctx, now.TemplateVersion, then.TemplateVersion)
	if err != nil {
		return domain.TrendReport{}, err
	}
	return domain.Trends(now, then, form.Trace(chain)), nil
}

// chain lists the versions from the later back to the earlier, following
// one template's versions; the earlier must be a version of the same
// template, no later than the later.
func (a *App) chain(ctx context.Context, later, earlier string) ([]form.Version, error) {
	tl, nl := splitVersion(later)
	te, ne := splitVersion(earlier)
	if tl == "" || tl != te || ne > nl {
		return nil, failure.Invalid("previous_campaign", "answers another template ("+earlier+"); trends follow one template's versions")
	}
	var out []form.Version
	for n := nl; n >= ne; n-- {
		v, found, err := a.repo.Version(ctx, tl+"/versions/"+strconv.Itoa(n))
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, failure.Unavailable(nil, "version %d of %s has not reached the reporting service yet; try again", n, tl)
		}
		out = append(out, v)
	}
	return out, nil
}

// splitVersion splits "…/templates/t/versions/3" into the template and 3.
func splitVersion(name string) (string, int) {
	i := strings.LastIndex(name, "/versions/")
	if i < 0 {
		return "", 0
	}
	n, err := strconv.Atoi(name[i+len("/versions/"):])
	if err != nil {
		return "", 0
	}
	return name[:i], n
}

// owner is the partnership that owns a campaign.
func owner(campaign string) string {
	parts := strings.Split(campaign, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}
