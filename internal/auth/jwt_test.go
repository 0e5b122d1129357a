package auth

import (
	"testing"
	"time"
)

// Tokens from an instance whose clock runs ahead are accepted within ClockLeeway; expiry is strict.
func TestTokenClockLeeway(t *testing.T) {
	secret := []byte("test-secret-test-secret-test-secret-0123")
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	verifierNow := base
	verifier := NewTokens(secret, "https://x", 15*time.Minute, func() time.Time { return verifierNow })
	for _, tc := range []struct {
		name     string
		skew     time.Duration // issuer clock minus verifier clock
		advance  time.Duration // verifier clock moves on before verifying
		accepted bool
	}{
		{"same clock", 0, 0, true},
		{"issuer 6 s ahead", 6 * time.Second, 0, true},
		{"issuer 29 s ahead", 29 * time.Second, 0, true},
		{"issuer 31 s ahead", 31 * time.Second, 0, false},
		{"issuer behind", -10 * time.Second, 0, true},
		{"one second before expiry", 0, 15*time.Minute - time.Second, true},
		{"at expiry", 0, 15 * time.Minute, false},
		{"one second after expiry", 0, 15*time.Minute + time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			verifierNow = base
			issuer := NewTokens(secret, "https://x", 15*time.Minute, func() time.Time { return base.Add(tc.skew) })
			tok, err := issuer.Issue(7, []string{"resident"})
			if err != nil {
				t.Fatal(err)
			}
			if tc.advance != 0 { // expiry cases: measured on the issuer's clock
				verifierNow = base.Add(tc.skew).Add(tc.advance)
			}
			id, _, err := verifier.Verify(tok)
			if got := err == nil && id == 7; got != tc.accepted {
				t.Fatalf("accepted %v, want %v (err %v)", got, tc.accepted, err)
			}
		})
	}
}
