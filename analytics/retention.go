package analytics

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultRetention is how long rows are kept unless told otherwise.
const DefaultRetention = 90 * 24 * time.Hour

// ParseRetention reads a retention as a number of days with a "d" suffix
// ("90d"), or as a Go duration ("36h"). flag names the setting in errors.
func ParseRetention(flag, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 100*366 {
			return 0, fmt.Errorf("%s %q: want a whole number of days from 1, like 90d", flag, s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Hour {
		return 0, fmt.Errorf("%s %q: want days like 90d (or a duration of at least 1h, like 36h)", flag, s)
	}
	return d, nil
}
