package main

import (
	"strings"
	"testing"
)

// TestServeTrustedProxies: a range serve cannot read stops it before it
// serves, with an error that names the flag and the value, whether it came
// from the command line or the environment.
func TestServeTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		name, flag, env, bad string
	}{
		{"prefix too long", "10.0.0.0/33", "", "10.0.0.0/33"},
		{"not an address", "10.0.0.0/8,proxy.internal", "", "proxy.internal"},
		{"from the environment", "", "192.0.2.0/24,10.0.0/8", "10.0.0/8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("EXSEARCH_TRUSTED_PROXIES", c.env)
			args := []string{"serve", "--addr", "127.0.0.1:0", "--index", t.TempDir()}
			if c.flag != "" {
				args = append(args, "--trusted-proxies", c.flag)
			}
			_, err := runCmd(t, args...)
			if err == nil || !strings.Contains(err.Error(), "--trusted-proxies") || !strings.Contains(err.Error(), `"`+c.bad+`"`) {
				t.Errorf("error %v, want one naming --trusted-proxies and %q", err, c.bad)
			}
		})
	}
}

func TestParseRanges(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}},
		{" 10.0.0.0/8 , 2001:db8::/32,", []string{"10.0.0.0/8", "2001:db8::/32"}},
		{"192.0.2.7", []string{"192.0.2.7/32"}},
		{"2001:db8::1", []string{"2001:db8::1/128"}},
	} {
		got, err := parseRanges("--trusted-proxies", c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		var s []string
		for _, r := range got {
			s = append(s, r.String())
		}
		if strings.Join(s, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: %v, want %v", c.in, s, c.want)
		}
	}
}

// TestServePublicURL: a --public-url that is not an origin stops serve
// before it serves, naming the flag and the value; an origin is accepted.
func TestServePublicURL(t *testing.T) {
	for _, bad := range []string{"exsearch.example", "ftp://exsearch.example", "https://exsearch.example/search", "https://", "https://exsearch.example/?x=1"} {
		_, err := runCmd(t, "serve", "--addr", "127.0.0.1:0", "--index", t.TempDir(), "--public-url", bad)
		if err == nil || !strings.Contains(err.Error(), "--public-url") || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("--public-url %q: error %v, want one naming the flag and the value", bad, err)
		}
	}
	for _, good := range []string{"", "https://exsearch.example", "http://127.0.0.1:8080/"} {
		if err := checkPublicURL(good); err != nil {
			t.Errorf("checkPublicURL(%q): %v", good, err)
		}
	}
}

// TestServeAnalyticsFlags: a bad --analytics flag, from the command line or
// the environment, stops serve before it serves, naming the flag.
func TestServeAnalyticsFlags(t *testing.T) {
	for _, c := range []struct {
		name, flag, value, env, want string
	}{
		{"on or off", "--analytics", "yes", "", "--analytics: want on or off"},
		{"retention without unit", "--analytics-retention", "90", "", `--analytics-retention "90"`},
		{"retention zero", "--analytics-retention", "0d", "", `--analytics-retention "0d"`},
		{"retention from the environment", "", "", "EXSEARCH_ANALYTICS_RETENTION=ninety", `--analytics-retention "ninety"`},
		{"dsn of another database", "--analytics-dsn", "mysql://db/x", "", "--analytics-dsn"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if k, v, ok := strings.Cut(c.env, "="); ok {
				t.Setenv(k, v)
			}
			args := []string{"serve", "--addr", "127.0.0.1:0", "--index", t.TempDir()}
			if c.flag != "" {
				args = append(args, c.flag, c.value)
			}
			_, err := runCmd(t, args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
