package app

import (
	"math/rand/v2"

	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// SampleCases draws size of the candidates, stratified by the attributes
// given, with seed, or with a new seed when it is 0: the sample returned
// carries the seed that draws it again.
func (a *App) SampleCases(cands []domain.Candidate, size int, by []domain.Attribute, seed uint64) (domain.Sample, error) {
	for seed == 0 {
		seed = rand.Uint64()
	}
	return domain.DrawSample(cands, size, by, seed)
}
