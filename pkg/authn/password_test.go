package authn_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/authn"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := authn.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("hash %q not in the expected PHC form", h)
	}
	h2, err := authn.HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}

	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{"right password", "correct horse battery staple", true},
		{"wrong password", "correct horse battery stapler", false},
		{"empty password", "", false},
		{"different case", "Correct horse battery staple", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := authn.CheckPassword(h, tt.pw)
			if err != nil || ok != tt.want {
				t.Fatalf("CheckPassword = %v, %v; want %v", ok, err, tt.want)
			}
		})
	}
}

func TestCheckPasswordReadsOtherParameters(t *testing.T) {
	// The reference test vector of argon2id (password "password", salt
	// "somesalt", t=2, m=64 MiB, p=1), so hashes from other implementations
	// or older parameters keep working.
	const ref = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	for pw, want := range map[string]bool{"password": true, "Password": false} {
		ok, err := authn.CheckPassword(ref, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(ref, %q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestCheckPasswordRefusesMalformedEncodings(t *testing.T) {
	salt := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef"))
	key := base64.RawStdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"plain text", "hunter2"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=65536,t=2,p=2$" + salt + "$" + key},
		{"argon2d", "$argon2d$v=19$m=65536,t=2,p=2$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=65536,t=2,p=2$" + salt + "$" + key},
		{"no version", "$argon2id$m=65536,t=2,p=2$" + salt + "$" + key},
		{"missing hash", "$argon2id$v=19$m=65536,t=2,p=2$" + salt},
		{"extra segment", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$" + key + "$x"},
		{"no leading dollar", "argon2id$v=19$m=65536,t=2,p=2$" + salt + "$" + key + "$"},
		{"missing p", "$argon2id$v=19$m=65536,t=2$" + salt + "$" + key},
		{"repeated m", "$argon2id$v=19$m=65536,m=65536,t=2$" + salt + "$" + key},
		{"unknown parameter", "$argon2id$v=19$m=65536,t=2,x=2$" + salt + "$" + key},
		{"parameters out of order are fine but empty value is not", "$argon2id$v=19$m=,t=2,p=2$" + salt + "$" + key},
		{"negative m", "$argon2id$v=19$m=-1,t=2,p=2$" + salt + "$" + key},
		{"leading zero", "$argon2id$v=19$m=065536,t=2,p=2$" + salt + "$" + key},
		{"m zero", "$argon2id$v=19$m=0,t=2,p=2$" + salt + "$" + key},
		{"m below 8p", "$argon2id$v=19$m=15,t=1,p=2$" + salt + "$" + key},
		{"m huge", "$argon2id$v=19$m=4294967295,t=2,p=2$" + salt + "$" + key},
		{"m overflowing", "$argon2id$v=19$m=99999999999,t=2,p=2$" + salt + "$" + key},
		{"t zero", "$argon2id$v=19$m=65536,t=0,p=2$" + salt + "$" + key},
		{"t huge", "$argon2id$v=19$m=65536,t=1000000,p=2$" + salt + "$" + key},
		{"p zero", "$argon2id$v=19$m=65536,t=2,p=0$" + salt + "$" + key},
		{"p beyond a byte", "$argon2id$v=19$m=65536,t=2,p=257$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=65536,t=2,p=2$!!!!$" + key},
		{"salt padded", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "==$" + key},
		{"salt too short", "$argon2id$v=19$m=65536,t=2,p=2$YWJj$" + key},
		{"hash not base64", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$@@@@"},
		{"hash too short", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$YWJj"},
		{"hash empty", "$argon2id$v=19$m=65536,t=2,p=2$" + salt + "$"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := authn.CheckPassword(tt.encoded, "pw")
			if ok || !errors.Is(err, authn.ErrMalformedHash) {
				t.Fatalf("CheckPassword = %v, %v; want ErrMalformedHash", ok, err)
			}
		})
	}
}

func FuzzCheckPassword(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", "password")
	f.Add("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc", "password")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$c29tZXNhbHRzb21lc2FsdA", "")
	f.Add("$argon2id$v=19$$$", "x")
	f.Add("$$$$$$$", "x")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, encoded, pw string) {
		ok, err := authn.CheckPassword(encoded, pw)
		if err != nil && (ok || !errors.Is(err, authn.ErrMalformedHash)) {
			t.Fatalf("CheckPassword = %v, %v", ok, err)
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := authn.HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSecrets(t *testing.T) {
	plain, digest := authn.NewSecret()
	raw, err := base64.RawURLEncoding.DecodeString(plain)
	if err != nil || len(raw) != 32 {
		t.Fatalf("plain %q: %d bytes, %v", plain, len(raw), err)
	}
	if len(digest) != 64 || strings.Trim(digest, "0123456789abcdef") != "" {
		t.Errorf("digest %q is not hex SHA-256", digest)
	}
	if authn.SecretDigest(plain) != digest {
		t.Error("SecretDigest(plain) differs from the digest NewSecret returned")
	}
	if digest == plain || strings.Contains(digest, plain) {
		t.Error("digest reveals the secret")
	}
	plain2, digest2 := authn.NewSecret()
	if plain2 == plain || digest2 == digest {
		t.Error("two secrets are equal")
	}
	// Known answer: SHA-256 of "abc".
	if got := authn.SecretDigest("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SecretDigest(abc) = %s", got)
	}
}
