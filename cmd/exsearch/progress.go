package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/exsearch/exsearch/corpus"
)

// progress shows how a reindex is going while it runs: a bar on a terminal
// (files read, then documents indexed, with rates and time left), and on
// anything else (cron, CI logs) a plain log line every few seconds and at the
// end of each phase, so that logs stay readable.
type progress struct {
	mode  string // "bar", "log" or "none"
	w     io.Writer
	log   *slog.Logger
	bar   *progressbar.ProgressBar
	phase string
	start time.Time
	last  time.Time
	every time.Duration
	shown int // the count last logged in this phase
}

// newProgress resolves mode "auto" by whether w is a terminal.
func newProgress(mode string, w *os.File) (*progress, error) {
	switch mode {
	case "auto":
		mode = "log"
		if term.IsTerminal(int(w.Fd())) {
			mode = "bar"
		}
	case "bar", "log", "none":
	default:
		return nil, fmt.Errorf("--progress: want one of auto, bar, log or none, got %q", mode)
	}
	return &progress{
		mode:  mode,
		shown: -1,
		w:     w,
		log:   slog.New(slog.NewTextHandler(w, nil)),
		every: 5 * time.Second,
	}, nil
}

// files is corpus.Options.Progress.
func (p *progress) files(pr corpus.Progress) {
	// Not documents: dataset fixtures become documents only once all
	// their files are read, so a running count would mislead.
	p.step("reading", "files", pr.Files, pr.TotalFiles)
}

// indexed is indexer.BuildOptions.Progress.
func (p *progress) indexed(done, total int) {
	p.step("indexing", "docs", done, total)
}

func (p *progress) step(phase, unit string, done, total int) {
	now := time.Now()
	if phase != p.phase {
		p.done()
		p.phase, p.start, p.last, p.shown = phase, now, now, -1
		if p.mode == "bar" {
			p.bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(fmt.Sprintf("%-9s", phase)),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString(unit),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
	}
	switch p.mode {
	case "bar":
		p.bar.Set(done)
	case "log":
		if done != p.shown && (done == total || now.Sub(p.last) >= p.every) {
			p.last, p.shown = now, done
			rate := float64(done) / max(now.Sub(p.start).Seconds(), 1e-3)
			args := []any{unit, done, "of", total, unit + "_per_s", int(rate)}
			if done < total && rate > 0 {
				args = append(args, "eta", time.Duration(float64(total-done)/rate*float64(time.Second)).Round(time.Second))
			}
			p.log.Info(phase, args...)
		}
	}
}

// done ends the current phase's bar, so that the summary starts on a clean
// line.
func (p *progress) done() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}
