package domain

import "time"

// Rules of sign-in links.
const (
	// SignInLinkTTL is how long an emailed link can be used.
	SignInLinkTTL = 15 * time.Minute
	// SignInLinksPerWindow is the most links sent to one address within
	// SignInLinkWindow; further requests send nothing.
	SignInLinksPerWindow = 5
	// SignInLinkWindow is the window SignInLinksPerWindow counts in.
	SignInLinkWindow = 15 * time.Minute
)

// SignInLink is a single-use link that signs a person in. Only the digest
// of its secret is kept.
type SignInLink struct {
	Digest     string
	PersonID   string
	Email      string
	CreateTime time.Time
	ExpireTime time.Time
}

// NewSignInLink makes a link for person, valid for SignInLinkTTL from now.
func NewSignInLink(digest string, p Person, now time.Time) SignInLink {
	return SignInLink{Digest: digest, PersonID: p.ID, Email: p.Email, CreateTime: now, ExpireTime: now.Add(SignInLinkTTL)}
}
