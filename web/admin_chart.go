package web

import (
	"fmt"
	"math"

	"github.com/exsearch/exsearch/analytics"
)

// The searches-per-day chart of /admin: a bar per day, drawn on the server
// as SVG in the page (admin.html), so that the page needs no chart library
// and no script, and the site's CSP (no inline script or style) holds. The
// geometry is worked out here; the template only writes it down. Colours
// are in admin.css. For those who cannot see it, the svg is an img named by
// its title and described in words, each bar has a title, and the numbers
// are in a table beside it.

// The chart's coordinate system (its viewBox): bars stand on the baseline
// in the plot area, left of it the largest count, below it the first and
// last day.
const (
	chartWidth  = 640
	chartHeight = 180
	chartLeft   = 40 // room for the largest count
	chartTop    = 10
	chartBottom = 24 // room for the days
)

type chart struct {
	Width, Height int
	// Left, Top, Right and Base bound the plot area.
	Left, Top, Right, Base float64
	Bars                   []chartBar
	Max, Total             int
	First, Last            string
	// Desc says in words what the chart shows.
	Desc string
}

type chartBar struct {
	X, Y, W, H float64
	Day        string
	Searches   int
}

func newChart(days []analytics.DayCount) chart {
	c := chart{Width: chartWidth, Height: chartHeight, Left: chartLeft, Top: chartTop,
		Right: chartWidth - 4, Base: chartHeight - chartBottom}
	if len(days) == 0 {
		c.Desc = "No days to show."
		return c
	}
	busiest := days[0]
	for _, d := range days {
		c.Total += d.Searches
		if d.Searches > busiest.Searches {
			busiest = d
		}
	}
	c.Max = busiest.Searches
	c.First, c.Last = days[0].Day, days[len(days)-1].Day
	step := (c.Right - c.Left) / float64(len(days))
	gap := math.Min(step*0.2, 4)
	for i, d := range days {
		h := 0.0
		if c.Max > 0 {
			h = (c.Base - c.Top) * float64(d.Searches) / float64(c.Max)
		}
		c.Bars = append(c.Bars, chartBar{X: round1(c.Left + float64(i)*step + gap/2), Y: round1(c.Base - h),
			W: round1(step - gap), H: round1(h), Day: d.Day, Searches: d.Searches})
	}
	c.Desc = fmt.Sprintf("Searches per day from %s to %s: %d in all", c.First, c.Last, c.Total)
	if c.Max > 0 {
		c.Desc += fmt.Sprintf(", most on %s (%d)", busiest.Day, busiest.Searches)
	}
	c.Desc += "."
	return c
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
