package config

import (
	"errors"
	"testing"
)

func TestMailFromAndTrustedProxies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // the variable named in the error, or ""
		check   func(*Config) bool
	}{
		{"defaults", nil, "", func(c *Config) bool { return c.MailFrom == "digitalrat@localhost" && len(c.TrustedIPs) == 0 }},
		{"mail from", map[string]string{"MAIL_FROM": "beteiligung@dresden.example"}, "", func(c *Config) bool { return c.MailFrom == "beteiligung@dresden.example" }},
		{"mail from with a name", map[string]string{"MAIL_FROM": "Digitalrat <d@example.org>"}, "MAIL_FROM", nil},
		{"mail from not an address", map[string]string{"MAIL_FROM": "nope"}, "MAIL_FROM", nil},
		{"proxies", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7"}, "", func(c *Config) bool { return len(c.TrustedIPs) == 2 }},
		{"bad proxy", map[string]string{"TRUSTED_PROXIES": "lb.internal"}, "TRUSTED_PROXIES", nil},
		{"test mail API off by default", nil, "", func(c *Config) bool { return !c.TestMailAPI }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				var ce *Error
				if !errors.As(err, &ce) || ce.Var != tc.wantErr {
					t.Fatalf("got %v, want an error naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(c) {
				t.Fatalf("got %+v, %v", c, err)
			}
		})
	}
}
