package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/authn"
	jose "github.com/go-jose/go-jose/v4"
)

// SigningKeys returns the built-in issuer's keys, oldest first, making and
// storing the first one if there is none.
func SigningKeys(ctx context.Context, repo Repository) ([]authn.SigningKey, error) {
	stored, err := repo.EnsureSigningKey(ctx, func() (StoredKey, error) {
		k, err := authn.GenerateSigningKey()
		if err != nil {
			return StoredKey{}, err
		}
		data, err := authn.MarshalSigningKey(k)
		if err != nil {
			return StoredKey{}, err
		}
		return StoredKey{ID: k.ID, Data: data, CreateTime: k.Created}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	return decodeKeys(stored)
}

func decodeKeys(stored []StoredKey) ([]authn.SigningKey, error) {
	if len(stored) == 0 {
		return nil, errors.New("signing keys: none stored")
	}
	keys := make([]authn.SigningKey, len(stored))
	for i, s := range stored {
		k, err := authn.UnmarshalSigningKey(s.Data)
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", s.ID, err)
		}
		keys[i] = k
	}
	return keys, nil
}

// KeySet returns the public halves of the built-in issuer's keys.
func (a *App) KeySet(ctx context.Context) (jose.JSONWebKeySet, error) {
	stored, err := a.repo.SigningKeys(ctx)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	keys, err := decodeKeys(stored)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	var set jose.JSONWebKeySet
	for _, k := range keys {
		set.Keys = append(set.Keys, k.Public())
	}
	return set, nil
}
